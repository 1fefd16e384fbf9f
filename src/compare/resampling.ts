import seedrandom from 'seedrandom'
import { mean } from './stats.js'

/**
 * Inference on paired per-case differences (head − base pass rate of each case): a seeded paired
 * bootstrap for the confidence interval and an exact sign-flip (randomisation) test for the
 * p-value. Deterministic: the same differences and seed always give the same numbers.
 */

export interface BootstrapInterval {
  estimate: number
  lower: number
  upper: number
  confidence: number
  resamples: number
}

export const DEFAULT_RESAMPLES = 4000

/** Percentile interval of the mean difference from `resamples` resamples of the cases (with replacement). */
export function pairedBootstrap(
  diffs: readonly number[],
  confidence: number,
  seed: string,
  resamples = DEFAULT_RESAMPLES,
): BootstrapInterval | null {
  const n = diffs.length
  if (n === 0) return null
  const estimate = mean(diffs)
  if (diffs.every((d) => d === diffs[0])) return { estimate, lower: estimate, upper: estimate, confidence, resamples: 0 }
  const rng = seedrandom.alea(`bootstrap\u0000${seed}`)
  const means = new Float64Array(resamples)
  for (let b = 0; b < resamples; b++) {
    let total = 0
    for (let i = 0; i < n; i++) total += diffs[Math.floor(rng() * n)]!
    means[b] = total / n
  }
  means.sort()
  const alpha = 1 - confidence
  const lowIndex = Math.max(0, Math.floor((alpha / 2) * resamples))
  const highIndex = Math.min(resamples - 1, Math.ceil((1 - alpha / 2) * resamples) - 1)
  return { estimate, lower: Math.min(estimate, means[lowIndex]!), upper: Math.max(estimate, means[highIndex]!), confidence, resamples }
}

export interface SignFlipResult {
  /** P(S* ≤ S): evidence that head is worse (S = sum of head − base differences). */
  pLess: number
  /** P(S* ≥ S): evidence that head is better. */
  pGreater: number
  /** min(1, 2 · min(pLess, pGreater)). */
  pTwoSided: number
  /** `exact` when every sign pattern was counted, `monte-carlo` otherwise. */
  method: 'exact' | 'monte-carlo'
}

const MAX_GRID = 10_000
const MAX_STATES = 2_000_000
const MONTE_CARLO_DRAWS = 20_000

/**
 * Fisher's randomisation test for paired differences: under "no change" each difference is as
 * likely positive as negative, so its sign is flipped at random. Exact (by counting sign patterns
 * over an integer grid) when the differences are fractions with small denominators, as per-case
 * pass rates are; otherwise a seeded Monte Carlo estimate. With one sample per case it is the
 * exact sign test, i.e. McNemar's exact test.
 */
export function signFlipTest(diffs: readonly number[], seed = 'sign-flip'): SignFlipResult {
  const nonzero = diffs.filter((d) => d !== 0)
  if (nonzero.length === 0) return { pLess: 1, pGreater: 1, pTwoSided: 1, method: 'exact' }
  const grid = integerGrid(nonzero)
  const result = grid ? exactSignFlip(grid.weights, grid.observed) : monteCarloSignFlip(nonzero, seed)
  return { ...result, pTwoSided: Math.min(1, 2 * Math.min(result.pLess, result.pGreater)) }
}

/** The differences as integers on a common grid 1/L, when a small L makes them exact. */
function integerGrid(diffs: readonly number[]): { weights: number[]; observed: number } | undefined {
  for (let scale = 1; scale <= MAX_GRID; scale++) {
    const scaled = diffs.map((d) => d * scale)
    if (!scaled.every((s) => Math.abs(s - Math.round(s)) < 1e-9 * scale)) continue
    const signed = scaled.map(Math.round)
    const weights = signed.map(Math.abs)
    const total = weights.reduce((a, b) => a + b, 0)
    if (total > MAX_STATES) return undefined
    return { weights, observed: signed.reduce((a, b) => a + b, 0) }
  }
  return undefined
}

/** Distribution of S* = Σ ±w_i by dynamic programming over T = Σ of the weights given a + sign (S* = 2T − W). */
function exactSignFlip(weights: readonly number[], observed: number): Omit<SignFlipResult, 'pTwoSided'> {
  const total = weights.reduce((a, b) => a + b, 0)
  const prob = new Float64Array(total + 1)
  prob[0] = 1
  let reach = 0
  for (const w of weights) {
    reach += w
    for (let t = reach; t >= 0; t--) prob[t] = 0.5 * prob[t]! + (t >= w ? 0.5 * prob[t - w]! : 0)
  }
  // S* ≤ S  ⇔  T ≤ (S + W) / 2, and S* ≥ S ⇔ T ≥ (S + W) / 2.
  const half = (observed + total) / 2
  let pLess = 0
  let pGreater = 0
  for (let t = 0; t <= total; t++) {
    if (t <= half + 1e-9) pLess += prob[t]!
    if (t >= half - 1e-9) pGreater += prob[t]!
  }
  return { pLess: Math.min(1, pLess), pGreater: Math.min(1, pGreater), method: 'exact' }
}

function monteCarloSignFlip(diffs: readonly number[], seed: string): Omit<SignFlipResult, 'pTwoSided'> {
  const rng = seedrandom.alea(`sign-flip\u0000${seed}`)
  const observed = diffs.reduce((a, b) => a + b, 0)
  const eps = 1e-9 * diffs.length
  let less = 0
  let greater = 0
  for (let b = 0; b < MONTE_CARLO_DRAWS; b++) {
    let s = 0
    for (const d of diffs) s += rng() < 0.5 ? -Math.abs(d) : Math.abs(d)
    if (s <= observed + eps) less++
    if (s >= observed - eps) greater++
  }
  return {
    pLess: (less + 1) / (MONTE_CARLO_DRAWS + 1),
    pGreater: (greater + 1) / (MONTE_CARLO_DRAWS + 1),
    method: 'monte-carlo',
  }
}
