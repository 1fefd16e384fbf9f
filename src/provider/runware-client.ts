/**
 * The Runware client: one `GenerateRequest` becomes one sync `textInference` task POSTed to
 * the native API; the reply becomes a `GenerateResponse` or a classified `ProviderError`.
 * It makes exactly one attempt; retries live in `withRetry`.
 */
import { randomUUID } from 'node:crypto'
import { Agent } from 'undici'
import type { GenerateRequest, GenerateResponse } from '../core/index.js'
import { badResponse, errorFromStatus, redactor, parseRetryAfter, type Redact } from './classify.js'
import { postJson, type HttpReply } from './transport.js'
import type { Provider } from './types.js'
import { buildTextInferenceTask, collectResults, errorsFor, parseEnvelope } from './wire.js'

export interface RunwareClientOptions {
  /** Provider id recorded on runs: `runware` or `emulator`. */
  id: string
  /** The native API endpoint, e.g. `https://api.runware.ai/v1`. */
  baseUrl: string
  apiKey: string
  /** Per-request timeout (connect to last byte). */
  timeoutMs: number
  /** Keep-alive connections to the origin. @default 16 */
  connections?: number
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
  const post = { dispatcher, apiKey: opts.apiKey, timeoutMs: opts.timeoutMs, redact }
  return {
    id: opts.id,
    async generate(req: GenerateRequest, options?: { signal?: AbortSignal }): Promise<GenerateResponse> {
      const taskUUID = randomUUID()
      const body = JSON.stringify([buildTextInferenceTask(req, taskUUID)])
      const started = performance.now()
      const reply = await postJson(opts.baseUrl, body, { ...post, signal: options?.signal })
      const latencyMs = Math.round((performance.now() - started) * 1000) / 1000
      return { results: readSyncReply(reply, taskUUID, req.numberResults, redact), latencyMs, attempts: 1 }
    },
    close: () => dispatcher.close(),
  }
}

/** Results of a sync reply, or the ProviderError it stands for. */
function readSyncReply(reply: HttpReply, taskUUID: string, expected: number, redact: Redact) {
  const envelope = parseEnvelope(reply.text)
  if (reply.status < 200 || reply.status >= 300) {
    const item = envelope ? (errorsFor(envelope, taskUUID)[0] ?? envelope.errors[0]) : undefined
    const retryAfterMs = parseRetryAfter(reply.headers['retry-after'])
    throw errorFromStatus(reply.status, item, { retryAfterMs, bodySnippet: snippet(reply.text), redact })
  }
  if (!envelope) {
    throw badResponse(`Runware answered HTTP ${reply.status} with a body that is not a JSON envelope: ${snippet(reply.text)}`, redact, reply.status)
  }
  return collectResults(envelope, taskUUID, expected, reply.status, redact)
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)'
}
