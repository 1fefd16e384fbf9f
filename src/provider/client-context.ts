/**
 * What every delivery method of the Runware client shares: the endpoint, one POST with
 * the per-request timeout, the delivery timings, and the reading of a plain JSON reply.
 */
import type { DeliveryOptions, ErrorInfo, GenerateRequest, GenerateResponse, GenerateResult } from '../core/index.js'
import { badResponse, errorFromStatus, parseRetryAfter, type Redact } from './classify.js'
import { collectResults, errorsFor, parseEnvelope, type Envelope } from './envelope.js'
import type { HttpReply, PostOptions } from './transport.js'
import type { WebhookReceiver } from './webhook-receiver.js'

export type DeliveryTiming = Required<DeliveryOptions>

/**
 * Defaults for the real API, after Runware's TS SDK: first poll after 1 s, then ×1.5 up to
 * 10 s, and a 20-minute budget per task.
 */
export const DEFAULT_DELIVERY: DeliveryTiming = { pollIntervalMs: 1_000, pollMaxIntervalMs: 10_000, pollTimeoutMs: 1_200_000 }

export interface ClientContext {
  baseUrl: string
  /** POST options without the per-call signal. */
  post: Omit<PostOptions, 'signal'>
  redact: Redact
  delivery: DeliveryTiming
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** The webhook receiver, started on first use. */
  webhooks(): Promise<WebhookReceiver>
}

/** The client's timings overridden by the request's own. */
export function timingOf(ctx: ClientContext, req: GenerateRequest): DeliveryTiming {
  const own = req.delivery ?? {}
  return {
    pollIntervalMs: own.pollIntervalMs ?? ctx.delivery.pollIntervalMs,
    pollMaxIntervalMs: own.pollMaxIntervalMs ?? ctx.delivery.pollMaxIntervalMs,
    pollTimeoutMs: own.pollTimeoutMs ?? ctx.delivery.pollTimeoutMs,
  }
}

/** Milliseconds since `started` (a performance.now() value), to the microsecond. */
export function since(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000
}

/** The ProviderError of a non-2xx reply. */
export function statusError(reply: HttpReply, envelope: Envelope | undefined, taskUUID: string, redact: Redact) {
  const item = envelope ? (errorsFor(envelope, taskUUID)[0] ?? envelope.errors[0]) : undefined
  const retryAfterMs = parseRetryAfter(reply.headers['retry-after'])
  return errorFromStatus(reply.status, item, { retryAfterMs, bodySnippet: snippet(reply.text), redact })
}

/** The envelope of a reply, or the ProviderError it stands for (non-2xx, or not JSON). */
export function okEnvelope(reply: HttpReply, taskUUID: string, redact: Redact): Envelope {
  const envelope = parseEnvelope(reply.text)
  if (reply.status < 200 || reply.status >= 300) throw statusError(reply, envelope, taskUUID, redact)
  if (!envelope) {
    throw badResponse(`Runware answered HTTP ${reply.status} with a body that is not a JSON envelope: ${snippet(reply.text)}`, redact, reply.status)
  }
  return envelope
}

/** Results of a sync reply, or the ProviderError it stands for. */
export function readSyncReply(reply: HttpReply, taskUUID: string, expected: number, redact: Redact): GenerateResult[] {
  return collectResults(okEnvelope(reply, taskUUID, redact), taskUUID, expected, reply.status, redact)
}

/** A response holding what arrived; fewer results than asked for carry `missing`. */
export function partialResponse(results: GenerateResult[], expected: number, latencyMs: number, missing: ErrorInfo): GenerateResponse {
  const response: GenerateResponse = { results: results.slice(0, expected), latencyMs, attempts: 1 }
  if (results.length < expected) response.missing = missing
  return response
}

export function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)'
}
