import type { RunSummary } from './summary.js'

export interface ThresholdPolicy {
  /** Fail when the run's pass rate is below this. */
  minPassRate: number
  /** The run is invalid when its error rate exceeds this. */
  maxErrorRate: number
  /** Per-suite pass-rate floors that override `minPassRate`. */
  suiteMinPassRates: ReadonlyMap<string, number>
}

export interface ThresholdVerdict {
  /** `invalid`: too many errors to judge; `fail`: a pass-rate floor was breached. */
  status: 'pass' | 'fail' | 'invalid'
  reasons: string[]
}

/** Decide a run on its own (no baseline): error budget first, then pass-rate floors. */
export function evaluateThresholds(summary: RunSummary, policy: ThresholdPolicy): ThresholdVerdict {
  const t = summary.totals
  const errorRate = t.samples ? t.errors / t.samples : 0
  if (errorRate > policy.maxErrorRate) {
    return {
      status: 'invalid',
      reasons: [`error rate ${pct(errorRate)} (${t.errors}/${t.samples} samples) exceeds maxErrorRate ${pct(policy.maxErrorRate)}`],
    }
  }
  const reasons: string[] = []
  for (const suite of summary.suites) {
    const floor = policy.suiteMinPassRates.get(suite.name) ?? policy.minPassRate
    if (suite.passRate !== null && suite.passRate < floor) {
      reasons.push(`suite ${suite.name}: pass rate ${pct(suite.passRate)} is below minPassRate ${pct(floor)}`)
    }
  }
  if (t.passRate !== null && t.passRate < policy.minPassRate) {
    reasons.push(`run: pass rate ${pct(t.passRate)} is below minPassRate ${pct(policy.minPassRate)}`)
  }
  return { status: reasons.length ? 'fail' : 'pass', reasons }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}
