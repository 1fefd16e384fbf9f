/**
 * Delivery by webhook (runware-text-inference.md §7): the task is submitted as `async`
 * with `webhookURL` pointing at the harness's receiver, and each completed result arrives
 * as its own POST. When the budget runs out with results missing, one `getResponse` poll
 * fetches what the webhooks did not bring; what arrived is kept (partial results). Several
 * results are put in getResponse's stable order, so reruns pair up by result index.
 */
import { randomUUID } from 'node:crypto'
import type { GenerateRequest, GenerateResponse } from '../core/index.js'
import { partialResponse, since, timingOf, type ClientContext } from './client-context.js'
import { pollOnce, settle, submitTask, type TaskState } from './deliver-async.js'
import { toResult } from './envelope.js'
import { ProviderError } from './types.js'

export async function deliverWebhook(ctx: ClientContext, req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
  const receiver = await ctx.webhooks()
  if (isLoopback(receiver.url) && !isLoopback(ctx.baseUrl)) {
    const message = `deliveryMethod webhook: ${ctx.baseUrl} cannot reach the receiver at ${receiver.localUrl}; ` +
      'set provider.delivery.webhookUrl to a public URL that forwards to it (and webhookPort to fix its port)'
    throw new ProviderError('validation', 'WEBHOOK_URL_NOT_PUBLIC', message, { parameter: 'webhookURL' })
  }
  const taskUUID = randomUUID()
  const started = performance.now()
  const timing = timingOf(ctx, req)
  const waiter = receiver.expect(taskUUID)
  try {
    const early = await submitTask(ctx, req, taskUUID, { deliveryMethod: 'async', webhookURL: receiver.url }, signal)
    if (early) return partialResponse(early, req.numberResults, since(started), { kind: 'provider', code: 'NONE', message: '' })
    const successes = () => waiter.items.filter((item) => item.status !== 'error' && item.status !== 'processing')
    await waiter.until(() => successes().length >= req.numberResults || waiter.errors.length > 0, started + timing.pollTimeoutMs, signal)
    signal?.throwIfAborted()
    let state: TaskState = {
      results: successes().map((item, i) => toResult(item, i, ctx.redact)),
      processing: 0,
      ...(waiter.errors[0] ? { error: waiter.errors[0] } : {}),
    }
    // Missing results are fetched with one getResponse; so is the order of several results,
    // since webhooks arrive in any order and getResponse lists a task's results in a stable one.
    if (state.error === undefined && (state.results.length < req.numberResults || req.numberResults > 1)) {
      const polled = await pollOnce(ctx, taskUUID, signal)
      if (polled.state && polled.state.results.length >= state.results.length) state = polled.state
    }
    const timedOut = state.results.length < req.numberResults && state.error === undefined
    return settle({ ...state, timedOut }, req.numberResults, since(started), timing, taskUUID, ctx)
  } finally {
    waiter.dispose()
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.')
}
