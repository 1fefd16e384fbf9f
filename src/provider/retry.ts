/**
 * Retries around any Provider, written once: only retryable ProviderErrors (rate limit,
 * server, timeout, network, provider) are retried, with exponential backoff and full
 * jitter, never sooner than a `Retry-After`. An AbortSignal stops both waits and attempts.
 */
import type { GenerateRequest, GenerateResponse } from '../core/index.js'
import { abortableSleep } from './sleep.js'
import { ProviderError, type Provider } from './types.js'

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** First backoff ceiling; doubles each retry. @default 500 */
  baseDelayMs?: number
  /** Cap of the backoff ceiling (a longer Retry-After is still honoured). @default 30000 */
  maxDelayMs?: number
  /** Uniform [0, 1) source for the jitter. @default Math.random */
  random?: () => number
  /** How to wait. @default an abortable setTimeout */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** The delay before retry number `retry` (0-based): full jitter, at least retryAfterMs. */
export function backoffDelay(retry: number, error: ProviderError, policy: RetryPolicy): number {
  const base = policy.baseDelayMs ?? 500
  const cap = policy.maxDelayMs ?? 30_000
  const ceiling = Math.min(cap, base * 2 ** retry)
  const jittered = Math.floor((policy.random ?? Math.random)() * ceiling)
  return Math.max(jittered, error.retryAfterMs ?? 0)
}

export function withRetry(provider: Provider, policy: RetryPolicy): Provider {
  const sleep = policy.sleep ?? abortableSleep
  return {
    id: provider.id,
    async generate(req: GenerateRequest, options?: { signal?: AbortSignal }): Promise<GenerateResponse> {
      const signal = options?.signal
      for (let attempt = 1; ; attempt++) {
        signal?.throwIfAborted()
        try {
          const response = await provider.generate(req, options)
          return { ...response, attempts: attempt }
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err
          err.attempts = attempt
          if (!err.retryable || attempt > policy.maxRetries) throw err
          await sleep(backoffDelay(attempt - 1, err, policy), signal)
        }
      }
    },
  }
}
