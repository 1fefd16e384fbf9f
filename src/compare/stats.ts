/**
 * Small, exact statistics for pass/fail data: the normal quantile, Wilson score intervals,
 * exact binomial tails (McNemar / sign test) and sample size planning. Pure functions, no
 * randomness (the resampling methods live in resampling.ts).
 */

export interface Interval {
  lower: number
  upper: number
}

/**
 * The standard normal quantile Φ⁻¹(p): Wichura's algorithm AS 241 (PPND16, Applied Statistics
 * 37, 1988), accurate to about 1e-16. (simple-statistics' `probit` is only good to ~3e-3.)
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity
    if (p === 1) return Infinity
    return Number.NaN
  }
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q
    return (q * poly(A, r)) / poly(B, r)
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  let x: number
  if (r <= 5) {
    r -= 1.6
    x = poly(C, r) / poly(D, r)
  } else {
    r -= 5
    x = poly(E, r) / poly(F, r)
  }
  return q < 0 ? -x : x
}

/** Coefficients of AS 241, lowest degree first. */
const A = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727]
const B = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561]
const C = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4]
const D = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9]
const E = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7]
const F = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15]

function poly(coefficients: readonly number[], x: number): number {
  let out = 0
  for (let i = coefficients.length - 1; i >= 0; i--) out = out * x + coefficients[i]!
  return out
}

/** z such that a two-sided interval at `confidence` is ±z standard errors. */
export function twoSidedZ(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2)
}

/**
 * Wilson's score interval for a proportion (Wilson 1927; method 3 of Newcombe 1998).
 * Null when there is nothing to estimate from (n = 0).
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval | null {
  if (n <= 0) return null
  const z = twoSidedZ(confidence)
  const p = successes / n
  const z2 = z * z
  const centre = p + z2 / (2 * n)
  const spread = z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)
  const denominator = 1 + z2 / n
  return {
    lower: Math.max(0, (centre - spread) / denominator),
    upper: Math.min(1, (centre + spread) / denominator),
  }
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), exactly (log-space sums, no underflow for large n). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  // log C(n, i) - n log 2, accumulated term by term.
  let logTerm = -n * Math.LN2
  let total = 0
  let maxLog = -Infinity
  const logs: number[] = []
  for (let i = 0; i <= k; i++) {
    if (i > 0) logTerm += Math.log((n - i + 1) / i)
    logs.push(logTerm)
    if (logTerm > maxLog) maxLog = logTerm
  }
  for (const l of logs) total += Math.exp(l - maxLog)
  return Math.min(1, total * Math.exp(maxLog))
}

export interface McNemarResult {
  /** Discordant pairs: pass → fail (b) and fail → pass (c). */
  passToFail: number
  failToPass: number
  /** Exact conditional two-sided p-value: 2 · P(X ≤ min(b, c)), X ~ Bin(b + c, 1/2), capped at 1. */
  pValue: number
  /** Mid-p variant (Fagerland et al. 2013): less conservative, for display. */
  midP: number
  /** One-sided exact p-value for "more pass → fail than fail → pass". */
  pWorse: number
}

/** McNemar's exact test on the discordant pairs of a paired 2×2 table (= the exact sign test). */
export function mcnemarExact(passToFail: number, failToPass: number): McNemarResult {
  const n = passToFail + failToPass
  if (n === 0) return { passToFail, failToPass, pValue: 1, midP: 1, pWorse: 1 }
  const small = Math.min(passToFail, failToPass)
  const tail = binomialHalfCdf(small, n)
  const point = tail - binomialHalfCdf(small - 1, n)
  return {
    passToFail,
    failToPass,
    pValue: Math.min(1, 2 * tail),
    midP: Math.min(1, 2 * (tail - point / 2)),
    // P(X ≥ b) = P(X ≤ c) by symmetry.
    pWorse: binomialHalfCdf(failToPass, n),
  }
}

export function mean(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return values.length ? total / values.length : Number.NaN
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return 0
  const m = mean(values)
  let ss = 0
  for (const v of values) ss += (v - m) ** 2
  return Math.sqrt(ss / (values.length - 1))
}

/**
 * Minimum detectable effect of a paired comparison of n cases whose differences have standard
 * deviation `sd`: the drop a two-sided test at `confidence` finds with probability `power`.
 */
export function minimumDetectableEffect(sd: number, n: number, confidence: number, power = 0.8): number | null {
  if (n <= 0 || !(sd > 0)) return null
  return ((twoSidedZ(confidence) + normalQuantile(power)) * sd) / Math.sqrt(n)
}

/** Cases needed for the minimum detectable effect to reach `effect` (null when it cannot be planned). */
export function casesNeeded(sd: number, effect: number, confidence: number, power = 0.8): number | null {
  if (!(sd > 0) || !(effect > 0)) return null
  return Math.ceil((((twoSidedZ(confidence) + normalQuantile(power)) * sd) / effect) ** 2)
}

/**
 * The standard deviation of a per-case pass-rate difference between two independent runs of
 * `samplesPerCase` samples each, at pass rate p: a planning value when no spread was observed.
 */
export function modelDifferenceSd(passRate: number, samplesPerCase: number): number {
  if (samplesPerCase <= 0) return 0
  return Math.sqrt((2 * passRate * (1 - passRate)) / samplesPerCase)
}
