/**
 * Adaptive concurrency around any Provider, written once (AIMD, as TCP does): at most
 * `limit` requests in flight; a rate-limit failure halves the limit (once per burst: only
 * requests started after the last cut can cut again), each success raises it by 1/limit,
 * so it grows back by about one per round of requests, never above `max`.
 * Wrap it inside the retry wrapper, so every attempt is counted and a backoff holds no slot.
 */
import type { GenerateRequest, GenerateResponse } from '../core/index.js'
import { ProviderError, type Provider } from './types.js'

export interface AdaptiveOptions {
  /** The ceiling (the runner's own cap). */
  max: number
  /** The floor. @default 1 */
  min?: number
}

export interface AdaptiveStats {
  /** The current limit (fractional while it grows back). */
  limit: number
  inFlight: number
  queued: number
  /** How often a 429 cut the limit. */
  decreases: number
  /** The lowest limit reached. */
  lowest: number
}

export type AdaptiveProvider = Provider & { stats(): AdaptiveStats }

export function withAdaptiveConcurrency(provider: Provider, opts: AdaptiveOptions): AdaptiveProvider {
  const limiter = new AimdLimiter(opts)
  return {
    id: provider.id,
    async generate(req: GenerateRequest, options?: { signal?: AbortSignal }): Promise<GenerateResponse> {
      await limiter.acquire(options?.signal)
      const epoch = limiter.epoch
      try {
        const response = await provider.generate(req, options)
        limiter.succeeded()
        return response
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'rate_limit') limiter.limited(epoch)
        throw error
      } finally {
        limiter.release()
      }
    },
    stats: () => limiter.stats(),
  }
}

/** The AIMD window: slots up to floor(limit), a FIFO of waiters. */
class AimdLimiter {
  private readonly max: number
  private readonly min: number
  private limit: number
  private inFlight = 0
  private decreases = 0
  private lowest: number
  /** Bumped by every cut; a 429 of a request started before the last cut does not cut again. */
  epoch = 0
  private readonly queue: Array<() => void> = []

  constructor(opts: AdaptiveOptions) {
    this.max = Math.max(1, Math.floor(opts.max))
    this.min = Math.min(this.max, Math.max(1, Math.floor(opts.min ?? 1)))
    this.limit = this.max
    this.lowest = this.max
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.queue.length === 0 && this.inFlight < Math.floor(this.limit)) {
      this.inFlight++
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      const onAbort = (): void => {
        const at = this.queue.indexOf(grant)
        if (at >= 0) this.queue.splice(at, 1)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(grant)
    })
  }

  release(): void {
    this.inFlight--
    while (this.queue.length > 0 && this.inFlight < Math.floor(this.limit)) {
      this.inFlight++
      this.queue.shift()!()
    }
  }

  /** Multiplicative decrease, once per burst. */
  limited(startEpoch: number): void {
    if (startEpoch !== this.epoch) return
    this.limit = Math.max(this.min, this.limit / 2)
    this.lowest = Math.min(this.lowest, this.limit)
    this.decreases++
    this.epoch++
  }

  /** Additive increase: about +1 per `limit` successes. */
  succeeded(): void {
    this.limit = Math.min(this.max, this.limit + 1 / this.limit)
  }

  stats(): AdaptiveStats {
    return { limit: this.limit, inFlight: this.inFlight, queued: this.queue.length, decreases: this.decreases, lowest: this.lowest }
  }
}
