import type { PairedAnalysis } from './paired.js'
import { casesNeeded } from './stats.js'

/**
 * The CI gate's decision for one compared (suite, variant), on case-level paired outcomes.
 * It does not cry wolf: a regression needs BOTH a significant drop (exact sign-flip test over
 * the per-case pass rates, one-sided at (1 − confidence) / 2) AND an observed drop of at least
 * `maxDrop`. It passes when the whole interval of the difference stays above −maxDrop, and says
 * `inconclusive` (with the cases it would need) when the data cannot tell either way.
 */

export type GateStatus = 'pass' | 'regression' | 'inconclusive'

/** Gate settings of the project (`gate:` in evals.config.yaml), resolved. */
export interface GateSettings {
  /** Absolute floor of the head's sample pass rate per suite (in addition to `thresholds`). */
  minPassRate?: number
  /** Drops smaller than this (a fraction: 0.05 = 5 points) are tolerated. */
  maxDrop: number
  /** Two-sided confidence of the intervals, e.g. 0.95. */
  confidence: number
  /** Inconclusive fails the gate too. */
  strict: boolean
  /** Leave flaky cases (baseline samples disagree or verdict flipped in history) out of the test. */
  excludeFlaky: boolean
}

export interface GatePolicy extends GateSettings {
  /** Per-suite overrides. */
  suites: ReadonlyMap<string, Partial<GateSettings>>
}

export const DEFAULT_GATE: GatePolicy = { maxDrop: 0.05, confidence: 0.95, strict: false, excludeFlaky: false, suites: new Map() }

/** The settings that apply to a suite: its overrides over the project's. */
export function gateSettingsFor(policy: GatePolicy, suite: string): GateSettings {
  const { suites: _suites, ...base } = policy
  const override = policy.suites.get(suite) ?? {}
  const defined = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined))
  return { ...base, ...defined }
}

export interface UnitDecision {
  status: GateStatus
  /** One sentence a reader can act on. */
  reason: string
  /** For inconclusive: cases needed (at the same samples per case) to detect a drop of maxDrop. */
  casesNeeded: number | null
}

/** Decide one unit. `confidence` is the per-unit confidence (after the multiple-comparison adjustment). */
export function decideUnit(analysis: PairedAnalysis, maxDrop: number, confidence: number): UnitDecision {
  const d = analysis.difference
  if (!d || analysis.cases === 0) {
    return { status: 'inconclusive', reason: 'no case was graded on both sides', casesNeeded: null }
  }
  const alpha = (1 - confidence) / 2
  const drop = -d.estimate
  const significant = d.pWorse < alpha
  if (significant && drop >= maxDrop - 1e-12) {
    return {
      status: 'regression',
      reason: `pass rate fell ${points(drop)} (more than maxDrop ${points(maxDrop)}), p = ${formatP(d.pWorse)}`,
      casesNeeded: null,
    }
  }
  if (d.lower >= -maxDrop - 1e-12) {
    const what = drop > 0 ? `a drop of ${points(drop)}` : drop < 0 ? `a gain of ${points(-drop)}` : 'no change'
    return { status: 'pass', reason: `${what}; any drop is within maxDrop ${points(maxDrop)}`, casesNeeded: null }
  }
  const needed = casesNeeded(analysis.planningSd, maxDrop, confidence)
  const more = needed === null ? '' : `; about ${needed} cases would be needed (have ${analysis.cases})`
  const reason = significant
    ? `pass rate fell ${points(drop)}, less than maxDrop ${points(maxDrop)}, but a larger drop cannot be ruled out${more}`
    : `a drop of ${points(maxDrop)} cannot be told from noise with ${analysis.cases} cases${more}`
  return { status: 'inconclusive', reason, casesNeeded: needed }
}

/** Per-unit confidence so that k units together keep the project's error rate (Bonferroni). */
export function adjustedConfidence(confidence: number, units: number): number {
  return units <= 1 ? confidence : 1 - (1 - confidence) / units
}

/** A unit as the multiple-comparison adjustment sees it. */
export interface TestedUnit {
  /** The smallest p-value its test could give on these data (2^-m for m changed cases). */
  minAttainableP: number
  /** Its one-sided level before adjustment, (1 − confidence) / 2. */
  alpha: number
}

/**
 * Tarone's modified Bonferroni for discrete tests (Tarone 1990, Biometrics 46:515-522): the
 * smallest K such that at most K units could reach p ≤ alpha / K. Units that cannot reach
 * significance at all (e.g. nothing changed) do not dilute the others; never more than Bonferroni.
 */
export function taroneCount(units: readonly TestedUnit[]): number {
  for (let k = 1; k <= units.length; k++) {
    if (units.filter((u) => u.minAttainableP <= u.alpha / k).length <= k) return k
  }
  return Math.max(1, units.length)
}

export function points(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} pts`
}

export function formatP(p: number): string {
  if (p < 0.0001) return '<0.0001'
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3)
}
