import type { PairedCase, FlipTable } from './pairing.js'
import { verdictFlips } from './pairing.js'
import { pairedBootstrap, signFlipTest, type BootstrapInterval } from './resampling.js'
import { mcnemarExact, minimumDetectableEffect, modelDifferenceSd, sampleSd, type McNemarResult } from './stats.js'

/**
 * The paired analysis of matched cases, shared by the baseline gate and by variant sweeps:
 * flip table and McNemar's exact test on case verdicts, the mean per-case pass-rate difference
 * with a paired bootstrap interval, the exact sign-flip p-value, and the minimum detectable effect.
 */

export interface DifferenceEstimate extends BootstrapInterval {
  /** One-sided p-value of the sign-flip test for "head is worse". */
  pWorse: number
  /** Two-sided p-value of the same test. */
  pValue: number
  method: string
}

export interface PairedAnalysis {
  /** Cases graded on both sides (the n of the difference). */
  cases: number
  /** Mean graded samples per case and side. */
  samplesPerCase: number
  flips: FlipTable
  mcnemar: McNemarResult
  difference: DifferenceEstimate | null
  /** Standard deviation of the per-case differences used for planning (observed, else modelled). */
  planningSd: number
  /** Smallest drop this many cases × samples detect with 80% power at the confidence used. */
  minimumDetectableEffect: number | null
}

export interface PairedOptions {
  /** Two-sided confidence of the interval (already adjusted for multiple comparisons). */
  confidence: number
  /** Seeds the resampling; the same seed gives the same numbers. */
  seed: string
}

export function analysePairs(pairs: readonly PairedCase[], options: PairedOptions): PairedAnalysis {
  const graded = pairs.filter((p): p is PairedCase & { diff: number } => p.diff !== null)
  const diffs = graded.map((p) => p.diff)
  const flips = verdictFlips(pairs)
  const samplesPerCase = graded.length
    ? graded.reduce((n, p) => n + p.base.passed + p.base.failed + p.head.passed + p.head.failed, 0) / (2 * graded.length)
    : 0
  const interval = pairedBootstrap(diffs, options.confidence, options.seed)
  const test = signFlipTest(diffs, options.seed)
  const planningSd = planningSdOf(graded, diffs, samplesPerCase)
  return {
    cases: graded.length,
    samplesPerCase,
    flips,
    mcnemar: mcnemarExact(flips.passToFail, flips.failToPass),
    difference: interval && {
      ...interval,
      pWorse: test.pLess,
      pValue: test.pTwoSided,
      method: `paired bootstrap over cases (${interval.resamples} resamples); ${test.method} sign-flip test`,
    },
    planningSd,
    minimumDetectableEffect: minimumDetectableEffect(planningSd, graded.length, options.confidence),
  }
}

/** The observed spread of the differences, or (when none was seen) the spread two independent runs would show. */
function planningSdOf(graded: readonly PairedCase[], diffs: readonly number[], samplesPerCase: number): number {
  const observed = sampleSd(diffs)
  if (observed > 0) return observed
  const passed = graded.reduce((n, p) => n + p.base.passed, 0)
  const total = graded.reduce((n, p) => n + p.base.passed + p.base.failed, 0)
  return total ? modelDifferenceSd(passed / total, samplesPerCase) : 0
}
