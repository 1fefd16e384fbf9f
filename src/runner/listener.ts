import type { SampleRecord } from '../core/index.js'
import type { RunPlan } from './plan.js'

/** Optional hooks for whoever wants to follow a run (store, progress bar, …). */
export interface RunListener {
  onRunStart?(plan: RunPlan): void
  onSampleEnd?(sample: SampleRecord): void
  onRunEnd?(outcome: ExecuteOutcome): void
}

export interface ExecuteOutcome {
  /** True when the run stopped early (signal) and some planned samples were not run. */
  interrupted: boolean
  samples: { total: number; pass: number; fail: number; error: number }
  /** Set when `--max-cost` stopped the run: what was spent and how many planned samples did not start. */
  budgetStop?: { spentUsd: number; notStarted: number }
}
