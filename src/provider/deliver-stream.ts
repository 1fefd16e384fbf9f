/**
 * `deliveryMethod: stream` (runware-text-inference.md §6): SSE over the same POST.
 * Text deltas are joined, the time to the first token is measured, usage and cost come
 * from the final chunk, `data: [DONE]` ends the stream. An error line mid-stream, or a
 * stream that ends without `[DONE]`, is a classified failure.
 *
 * Runware's SDKs refuse numberResults > 1 with streaming, so N results are N streams of one
 * result each, result k with seed + k (the same seeds a sync request of N results uses).
 */
import { randomUUID } from 'node:crypto'
import { createParser } from 'eventsource-parser'
import type { GenerateRequest, GenerateResponse, GenerateResult, ToolCall } from '../core/index.js'
import { badResponse, errorFromItem } from './classify.js'
import { readSyncReply, since, statusError, type ClientContext } from './client-context.js'
import { envelopeOf, isRecord, parseEnvelope, toToolCalls, toUsage } from './envelope.js'
import { postStreaming } from './transport.js'
import { ProviderError } from './types.js'
import { buildTextInferenceTask } from './wire.js'

const MAX_SEED = 2_147_483_647

export async function deliverStream(ctx: ClientContext, req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
  const started = performance.now()
  const one = (k: number) => streamOne(ctx, { ...req, seed: (req.seed + k) % (MAX_SEED + 1), numberResults: 1 }, signal)
  const streams = await Promise.all(Array.from({ length: req.numberResults }, (_, k) => one(k)))
  const ttfts = streams.map((s) => s.ttftMs).filter((t): t is number => t !== undefined)
  const response: GenerateResponse = { results: streams.map((s) => s.result), latencyMs: since(started), attempts: 1 }
  if (ttfts.length > 0) response.ttftMs = Math.min(...ttfts)
  return response
}

async function streamOne(ctx: ClientContext, req: GenerateRequest, signal?: AbortSignal): Promise<{ result: GenerateResult; ttftMs?: number }> {
  const taskUUID = randomUUID()
  const body = JSON.stringify([buildTextInferenceTask(req, taskUUID, 'stream')])
  const started = performance.now()
  const acc = new StreamAccumulator(taskUUID, ctx, () => since(started))
  const parser = createParser({ onEvent: (event) => acc.onData(event.data) })
  const reply = await postStreaming(ctx.baseUrl, body, { ...ctx.post, signal }, (text) => parser.feed(text))
  if (!reply.streamed) {
    if (reply.status < 200 || reply.status >= 300) throw statusError(reply, parseEnvelope(reply.text), taskUUID, ctx.redact)
    // The server answered with a plain JSON envelope instead of a stream: read it as sync.
    return { result: readSyncReply(reply, taskUUID, 1, ctx.redact)[0]! }
  }
  parser.reset({ consume: true })
  return acc.finish()
}

/** Collects the chunks of one stream. */
class StreamAccumulator {
  private text = ''
  private ttftMs: number | undefined
  private final: Record<string, unknown> | undefined
  private done = false
  private chunks = 0

  constructor(
    private readonly taskUUID: string,
    private readonly ctx: ClientContext,
    private readonly elapsed: () => number,
  ) {}

  onData(data: string): void {
    if (this.done) return
    if (data.trim() === '[DONE]') {
      this.done = true
      return
    }
    const chunk = this.parse(data)
    this.chunks++
    const delta = isRecord(chunk.delta) ? chunk.delta : {}
    const piece = typeof delta.text === 'string' ? delta.text : ''
    const content = piece !== '' || chunk.toolCalls !== undefined || chunk.tools !== undefined
    if (content && this.ttftMs === undefined) this.ttftMs = this.elapsed()
    this.text += piece
    if (typeof chunk.finishReason === 'string') this.final = chunk
  }

  /** A chunk object (unwrapping the legacy `{data: {...}}`); an error line throws. */
  private parse(data: string): Record<string, unknown> {
    let value: unknown
    try {
      value = JSON.parse(data)
    } catch {
      throw badResponse(`stream of task ${this.taskUUID}: a data line is not JSON: ${data.slice(0, 120)}`, this.ctx.redact, 200)
    }
    const envelope = envelopeOf(value)
    if (!envelope || !isRecord(value)) throw badResponse(`stream of task ${this.taskUUID}: a data line is not an object`, this.ctx.redact, 200)
    const error = envelope.errors[0]
    if (error) throw errorFromItem(200, { taskUUID: this.taskUUID, ...error }, this.ctx.redact)
    const wrapped = !('delta' in value) && !('finishReason' in value) && isRecord(value.data)
    return wrapped ? (value.data as Record<string, unknown>) : value
  }

  finish(): { result: GenerateResult; ttftMs?: number } {
    if (!this.done || !this.final) {
      const what = this.final ? 'without data: [DONE]' : `after ${this.chunks} chunk(s) without a final chunk`
      throw new ProviderError('network', 'PROVIDER_STREAM_INTERRUPTED', `the stream of task ${this.taskUUID} ended ${what}`, { status: 200 })
    }
    const f = this.final
    const text = this.text === '' && typeof f.text === 'string' ? f.text : this.text
    const result: GenerateResult = { text, finishReason: String(f.finishReason) }
    const usage = toUsage(f.usage)
    if (usage) result.usage = usage
    if (typeof f.cost === 'number' && Number.isFinite(f.cost)) result.costUsd = f.cost
    const toolCalls: ToolCall[] | undefined = toToolCalls(f.toolCalls ?? f.tools, 0, this.ctx.redact)
    if (toolCalls) result.toolCalls = toolCalls
    return this.ttftMs === undefined ? { result } : { result, ttftMs: this.ttftMs }
  }
}
