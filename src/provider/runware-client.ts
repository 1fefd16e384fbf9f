/**
 * The Runware client: one `GenerateRequest` becomes one `textInference` task, delivered
 * the way the request asks (`sync`, `async` + getResponse polling, `stream` over SSE, or
 * `webhook`), and the answer becomes a `GenerateResponse` or a classified `ProviderError`.
 * It makes exactly one attempt; retries live in `withRetry`, the 429 backoff of the
 * concurrency in `withAdaptiveConcurrency`.
 */
import { randomUUID } from 'node:crypto'
import Agent from 'undici/lib/dispatcher/agent.js'
import type { DeliveryOptions, GenerateRequest, GenerateResponse } from '../core/index.js'
import { redactor } from './classify.js'
import { DEFAULT_DELIVERY, readSyncReply, since, type ClientContext } from './client-context.js'
import { deliverAsync } from './deliver-async.js'
import { deliverStream } from './deliver-stream.js'
import { deliverWebhook } from './deliver-webhook.js'
import { abortableSleep } from './sleep.js'
import { postJson } from './transport.js'
import type { Provider } from './types.js'
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.js'
import { buildTextInferenceTask } from './wire.js'

export interface RunwareClientOptions {
  /** Provider id recorded on runs: `runware` or `emulator`. */
  id: string
  /** The native API endpoint, e.g. `https://api.runware.ai/v1`. */
  baseUrl: string
  apiKey: string
  /** Per-request timeout (connect to last byte of one HTTP exchange). */
  timeoutMs: number
  /** Keep-alive connections to the origin. @default 16 */
  connections?: number
  /** Polling timings for async and webhook delivery (a request's own `delivery` wins). */
  delivery?: DeliveryOptions
  /** The webhook receiver (started on the first webhook request). */
  webhook?: WebhookReceiverOptions
}

export type RunwareProvider = Provider & { close(): Promise<void> }

export function createRunwareProvider(opts: RunwareClientOptions): RunwareProvider {
  const dispatcher = new Agent({
    connections: opts.connections ?? 16,
    keepAliveTimeout: 10_000,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
  })
  const redact = redactor(opts.apiKey)
  let receiver: Promise<WebhookReceiver> | undefined
  const ctx: ClientContext = {
    baseUrl: opts.baseUrl,
    post: { dispatcher, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs, redact },
    redact,
    delivery: { ...DEFAULT_DELIVERY, ...definedOnly(opts.delivery) },
    sleep: abortableSleep,
    webhooks: () => (receiver ??= startWebhookReceiver(opts.webhook)),
  }
  return {
    id: opts.id,
    generate(req: GenerateRequest, options?: { signal?: AbortSignal }): Promise<GenerateResponse> {
      const signal = options?.signal
      switch (req.deliveryMethod ?? 'sync') {
        case 'async':
          return deliverAsync(ctx, req, signal)
        case 'stream':
          return deliverStream(ctx, req, signal)
        case 'webhook':
          return deliverWebhook(ctx, req, signal)
        default:
          return deliverSync(ctx, req, signal)
      }
    },
    async close() {
      const started = receiver
      receiver = undefined
      if (started) await (await started).close()
      await dispatcher.close()
    },
  }
}

async function deliverSync(ctx: ClientContext, req: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
  const taskUUID = randomUUID()
  const body = JSON.stringify([buildTextInferenceTask(req, taskUUID)])
  const started = performance.now()
  const reply = await postJson(ctx.baseUrl, body, { ...ctx.post, signal })
  const latencyMs = since(started)
  return { results: readSyncReply(reply, taskUUID, req.numberResults, ctx.redact), latencyMs, attempts: 1 }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}
