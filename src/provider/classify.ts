/**
 * Failure classification: HTTP statuses, error items and transport errors become
 * `ProviderError`s of a kind the retry policy can decide on. Messages never carry the
 * API key (every text from the server passes through `redact`).
 */
import { ProviderError } from './types.js'
import type { ProviderErrorKind } from '../core/index.js'

/** An error item as found in an envelope's `errors` (or singular `error`). */
export interface WireErrorItem {
  code?: string
  message?: string
  parameter?: string | string[]
  taskType?: string
  taskUUID?: string
  [extra: string]: unknown
}

export type Redact = (text: string) => string

/** A function that replaces every occurrence of the secret. */
export function redactor(secret: string): Redact {
  if (secret.length < 4) return (text) => text
  return (text) => text.split(secret).join('[REDACTED]')
}

export function kindFromStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'auth'
  if (status === 402) return 'credits'
  if (status === 403) return 'forbidden'
  if (status === 408) return 'timeout'
  if (status === 429) return 'rate_limit'
  if (status >= 500) return 'server'
  return 'validation'
}

const CODE_RULES: ReadonlyArray<[RegExp, ProviderErrorKind]> = [
  [/ratelimit/i, 'rate_limit'],
  [/^(invalidApiKey|missingApiKey|unauthorized|authenticationFailed)$/, 'auth'],
  [/^forbidden$/, 'forbidden'],
  [/^(insufficientCredits|quotaExceeded|paymentRequired)$/, 'credits'],
  [/^(internalServerError|serviceUnavailable)$/, 'server'],
  [/^(timeoutProvider|inferenceError|taskFailed|modelUnavailable)$|^provider/, 'provider'],
  [/^(invalid|missing|unsupported|unknown|conflict|arrayToo|valueToo|incompatible|validation)|NotFound$|Violation$|^promptBlocked$/, 'validation'],
]

/** The kind of an error code found in a 2xx envelope (unknown codes: `provider`). */
export function kindFromCode(code: string | undefined): ProviderErrorKind {
  if (code) for (const [pattern, kind] of CODE_RULES) if (pattern.test(code)) return kind
  return 'provider'
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value
  if (!text || text.trim() === '') return undefined
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function parameterOf(item: WireErrorItem | undefined): string | undefined {
  const p = item?.parameter
  if (Array.isArray(p)) return p.join(',')
  return typeof p === 'string' ? p : undefined
}

/** A non-2xx reply: kind from the status, code and parameter from the first error item. */
export function errorFromStatus(
  status: number,
  item: WireErrorItem | undefined,
  extra: { retryAfterMs?: number; bodySnippet?: string; redact: Redact },
): ProviderError {
  const code = typeof item?.code === 'string' ? item.code : `HTTP_${status}`
  const detail = typeof item?.message === 'string' ? item.message : extra.bodySnippet || 'no error details in the body'
  const parameter = parameterOf(item)
  const where = parameter ? ` (parameter ${parameter})` : ''
  const message = extra.redact(`Runware answered HTTP ${status} ${code}${where}: ${detail}`)
  return new ProviderError(kindFromStatus(status), code, message, { status, parameter, retryAfterMs: extra.retryAfterMs })
}

/** An error item for our task inside a 2xx envelope. */
export function errorFromItem(status: number, item: WireErrorItem, redact: Redact): ProviderError {
  const code = typeof item.code === 'string' ? item.code : 'PROVIDER_ERROR'
  const parameter = parameterOf(item)
  const where = parameter ? ` (parameter ${parameter})` : ''
  const detail = typeof item.message === 'string' ? item.message : 'no message'
  return new ProviderError(kindFromCode(item.code), code, redact(`Runware task failed with ${code}${where}: ${detail}`), { status, parameter })
}

export function badResponse(message: string, redact: Redact, status?: number, cause?: unknown): ProviderError {
  return new ProviderError('bad_response', 'PROVIDER_BAD_RESPONSE', redact(message), { status, cause })
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED',
])
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])

/** A thrown transport error (undici/socket) as a ProviderError. */
export function errorFromTransport(err: unknown, timeoutMs: number, redact: Redact): ProviderError {
  const code = errorCode(err)
  const text = redact(err instanceof Error ? err.message : String(err))
  if (code && TIMEOUT_CODES.has(code)) return timeoutError(timeoutMs, err)
  if (code && NETWORK_CODES.has(code)) {
    return new ProviderError('network', 'PROVIDER_NETWORK', `cannot reach Runware (${code}): ${text}`, { cause: err })
  }
  return new ProviderError('network', 'PROVIDER_NETWORK', `request to Runware failed: ${text}`, { cause: err })
}

export function timeoutError(timeoutMs: number, cause?: unknown): ProviderError {
  return new ProviderError('timeout', 'PROVIDER_TIMEOUT', `no complete answer from Runware within ${timeoutMs} ms`, { cause })
}

/** The `code` of an error or of its cause chain (undici wraps socket errors). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}
