import type { SampleRecord } from '../core/index.js'
import type { CostEstimator } from './estimate.js'
import type { PlannedRequest } from './plan.js'

/**
 * `--max-cost`: a request is started only when what was spent, plus the estimates of the
 * requests in flight, plus its own estimate stays within the budget. The first request
 * refused stops the run from starting any more (the ones in flight finish and are stored).
 */
export class CostBudget {
  private spent = 0
  private reserved = 0
  private refused = false
  private readonly reservations = new Map<PlannedRequest, number>()

  constructor(
    readonly maxUsd: number,
    private readonly estimate: CostEstimator,
  ) {}

  /** Reserve the request's estimate, or refuse it (and every later one). */
  admit(planned: PlannedRequest): boolean {
    if (this.refused) return false
    const { usd } = this.estimate(planned)
    if (this.spent + this.reserved + usd > this.maxUsd + 1e-12) {
      this.refused = true
      return false
    }
    this.reserved += usd
    this.reservations.set(planned, usd)
    return true
  }

  /** Release the request's reservation and count what its samples actually cost. */
  settle(planned: PlannedRequest, samples: readonly SampleRecord[]): void {
    this.reserved = Math.max(0, this.reserved - (this.reservations.get(planned) ?? 0))
    this.reservations.delete(planned)
    for (const s of samples) this.spent += s.costUsd ?? 0
  }

  get spentUsd(): number {
    return this.spent
  }

  /** Whether a request was refused. */
  get exhausted(): boolean {
    return this.refused
  }
}
