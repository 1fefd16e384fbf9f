import type { GenerateResponse, GenerateResult } from '../core/index.js'

/**
 * What the runner needs of a response cache (the store provides one; the CLI scopes it to
 * the service that answers). Lookups are by request hash; all `numberResults` results or none.
 */
export interface ResponseCache {
  get(requestHash: string, numberResults: number): CachedResponse | undefined
  /** Called with every complete, successful response. */
  put(requestHash: string, response: GenerateResponse): void
  /** Write what `put` may still hold back (called at the end of the run). */
  flush?(): void
}

export interface CachedResponse {
  /** Results in result-index order, as first answered (cost included). */
  results: GenerateResult[]
  /** Latency of the original request. */
  latencyMs?: number
}

/** Whether a response is worth caching: every result there, none missing. */
export function isCacheable(response: GenerateResponse, numberResults: number): boolean {
  return response.missing === undefined && response.results.length === numberResults
}
