/**
 * `deliveryMethod: async` (runware-text-inference.md §5): submit, then poll `getResponse`
 * with backoff until every result is in, a generation fails, or the overall budget runs
 * out. What arrived by then is kept (partial results); a poll that hits a retryable
 * failure (429, 5xx, network) is simply polled again later.
 */
import { randomUUID } from 'node:crypto'
import type { ErrorInfo, GenerateRequest, GenerateResponse, GenerateResult } from '../core/index.js'
import { errorFromItem, type WireErrorItem } from './classify.js'
import { okEnvelope, partialResponse, since, timingOf, type ClientContext, type DeliveryTiming } from './client-context.js'
import { embeddedError, errorsFor, itemsFor, toResult } from './envelope.js'
import { postJson } from './transport.js'
import { ProviderError } from './types.js'
import { buildTextInferenceTask, type TaskOptions } from './wire.js'

/** What a task has delivered so far. */
export interface TaskState {
  results: GenerateResult[]
  /** Generations still running, as far as the last answer told. */
  processing: number
  /** The first failed generation, if any. */
  error?: WireErrorItem
}

export async function deliverAsync(ctx: ClientContext, req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
  const taskUUID = randomUUID()
  const started = performance.now()
  const early = await submitTask(ctx, req, taskUUID, { deliveryMethod: 'async' }, signal)
  if (early) return partialResponse(early, req.numberResults, since(started), noInfo)
  const timing = timingOf(ctx, req)
  const state = await pollUntilDone(ctx, taskUUID, req.numberResults, timing, signal)
  return settle(state, req.numberResults, since(started), timing, taskUUID, ctx)
}

const noInfo: ErrorInfo = { kind: 'provider', code: 'NONE', message: '' }

/**
 * Submit a task for later delivery. Validation and other failures arrive here, as on a sync
 * call. Returns the results when the server answered with them right away, else undefined.
 */
export async function submitTask(
  ctx: ClientContext,
  req: GenerateRequest,
  taskUUID: string,
  opts: TaskOptions,
  signal?: AbortSignal,
): Promise<GenerateResult[] | undefined> {
  const body = JSON.stringify([buildTextInferenceTask(req, taskUUID, opts)])
  const reply = await postJson(ctx.baseUrl, body, { ...ctx.post, signal })
  const envelope = okEnvelope(reply, taskUUID, ctx.redact)
  const error = errorsFor(envelope, taskUUID)[0]
  if (error) throw errorFromItem(reply.status, error, ctx.redact)
  const items = itemsFor(envelope, taskUUID).filter((item) => typeof item.text === 'string' || item.toolCalls !== undefined)
  if (items.length < req.numberResults) return undefined
  return items.map((item, i) => toResult(item, i, ctx.redact))
}

/** One `getResponse`; a retryable failure comes back as `hiccup` instead of being thrown. */
export async function pollOnce(ctx: ClientContext, taskUUID: string, signal?: AbortSignal): Promise<{ state?: TaskState; hiccup?: ProviderError }> {
  const body = JSON.stringify([{ taskType: 'getResponse', taskUUID }])
  try {
    const reply = await postJson(ctx.baseUrl, body, { ...ctx.post, signal })
    const envelope = okEnvelope(reply, taskUUID, ctx.redact)
    const items = itemsFor(envelope, taskUUID)
    const failed = items.find((item) => item.status === 'error')
    const error = errorsFor(envelope, taskUUID)[0] ?? (failed && embeddedError(failed))
    const done = items.filter((item) => item.status === 'success' || (item.status === undefined && typeof item.text === 'string'))
    const processing = items.filter((item) => item.status === 'processing').length
    return { state: { results: done.map((item, i) => toResult(item, i, ctx.redact)), processing, ...(error ? { error } : {}) } }
  } catch (err) {
    if (err instanceof ProviderError && err.retryable) return { hiccup: err }
    throw err
  }
}

/** Poll with backoff (interval ×1.5 up to the cap) until done, failed, or out of time. */
export async function pollUntilDone(
  ctx: ClientContext,
  taskUUID: string,
  expected: number,
  timing: DeliveryTiming,
  signal?: AbortSignal,
): Promise<TaskState & { timedOut: boolean; hiccup?: ProviderError }> {
  const deadline = performance.now() + timing.pollTimeoutMs
  let interval = timing.pollIntervalMs
  let last: TaskState = { results: [], processing: expected }
  let hiccup: ProviderError | undefined
  for (;;) {
    const wait = Math.min(interval, deadline - performance.now())
    if (wait < 0) return { ...last, timedOut: true, hiccup }
    await ctx.sleep(wait, signal)
    interval = Math.min(interval * 1.5, timing.pollMaxIntervalMs)
    const polled = await pollOnce(ctx, taskUUID, signal)
    if (!polled.state) {
      hiccup = polled.hiccup
      continue
    }
    last = polled.state
    if (last.results.length >= expected || (last.error && last.processing === 0)) return { ...last, timedOut: false }
  }
}

/** The response of a finished (or abandoned) task; nothing usable at all is thrown. */
export function settle(
  state: TaskState & { timedOut: boolean; hiccup?: ProviderError },
  expected: number,
  latencyMs: number,
  timing: DeliveryTiming,
  taskUUID: string,
  ctx: ClientContext,
): GenerateResponse {
  let cause: ProviderError | undefined
  if (state.error) cause = errorFromItem(200, state.error, ctx.redact)
  else if (state.timedOut && state.results.length < expected) cause = pollTimeout(timing, taskUUID, state, state.hiccup)
  if (cause && state.results.length === 0) throw cause
  return partialResponse(state.results, expected, latencyMs, cause?.toInfo() ?? noInfo)
}

function pollTimeout(timing: DeliveryTiming, taskUUID: string, state: TaskState, hiccup?: ProviderError): ProviderError {
  const why = hiccup ? `; the last poll failed: ${hiccup.message}` : ''
  const message = `task ${taskUUID} delivered ${state.results.length} result(s) within the ${timing.pollTimeoutMs} ms budget${why}`
  return new ProviderError('timeout', 'PROVIDER_POLL_TIMEOUT', message, { cause: hiccup })
}
