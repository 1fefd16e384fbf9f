import { describe, expect, it } from 'vitest'
import {
  binomialHalfCdf, casesNeeded, mcnemarExact, minimumDetectableEffect, normalQuantile, pairedBootstrap, signFlipTest,
  wilsonInterval,
} from '../../src/compare/index.js'

describe('normalQuantile (AS 241)', () => {
  // Reference values: Abramowitz & Stegun (1964) Table 26.5 and Wichura (1988), AS 241 test values.
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489004],
    [0.9, 1.2815515655446004],
    [0.25, -0.6744897501960817],
    [0.5, 0],
    [1e-10, -6.361340902404056],
    [1e-7, -5.199337582192817],
  ])('Φ⁻¹(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 12)
  })

  it('is ±Infinity at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(normalQuantile(1.5)).toBeNaN()
  })
})

describe('wilsonInterval', () => {
  // Newcombe RG (1998) "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no
  // continuity correction), 95%.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i -> %s to %s (Newcombe 1998, Table I)', (x, n, lower, upper) => {
    const ci = wilsonInterval(x, n, 0.95)!
    expect(ci.lower).toBeCloseTo(lower, 4)
    expect(ci.upper).toBeCloseTo(upper, 4)
  })

  it('is null without observations and stays inside [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
    const all = wilsonInterval(10, 10)!
    expect(all.upper).toBe(1)
    expect(all.lower).toBeCloseTo(0.7225, 4) // 10/10: Wilson lower bound n/(n + z²)
  })
})

describe('McNemar exact test', () => {
  // Fagerland MW, Lydersen S, Laake P (2013) "The McNemar test for binary matched-pairs data:
  // mid-p and asymptotic are better than exact conditional", BMC Med Res Methodol 13:91.
  // Example (Bentur et al. 2009, airway hyper-responsiveness before/after treatment in 21
  // children): discordant pairs 1 and 7 -> exact conditional p = 0.070, mid-p = 0.039.
  it('matches the exact conditional and mid-p values of Fagerland et al. (2013)', () => {
    const r = mcnemarExact(7, 1)
    expect(r.pValue).toBeCloseTo(0.0703, 4) // 2 * 9/256
    expect(r.midP).toBeCloseTo(0.039, 3)
    expect(r.pWorse).toBeCloseTo(9 / 256, 10)
  })

  it('is symmetric, capped at 1, and 1 without discordant pairs', () => {
    expect(mcnemarExact(1, 7).pValue).toBeCloseTo(mcnemarExact(7, 1).pValue, 12)
    expect(mcnemarExact(3, 3).pValue).toBe(1)
    expect(mcnemarExact(0, 0).pValue).toBe(1)
    expect(mcnemarExact(1, 7).pWorse).toBeGreaterThan(0.99)
  })

  it('computes binomial tails without underflow for large n', () => {
    expect(binomialHalfCdf(5, 10)).toBeCloseTo(638 / 1024, 12)
    expect(binomialHalfCdf(500, 1000)).toBeCloseTo(0.5126125, 6)
    expect(binomialHalfCdf(400, 1000)).toBeGreaterThan(0)
    expect(binomialHalfCdf(400, 1000)).toBeLessThan(1e-9)
  })
})

describe('sign-flip (randomisation) test', () => {
  // Fisher RA (1935) The Design of Experiments, §21: Darwin's 15 pairs of Zea mays (height
  // differences, eighths of an inch). Of the 2^15 = 32768 sign patterns, 863 give a sum at least
  // as large as the observed 314: one-sided p = 863/32768 = 0.02634 (two-sided 0.0527).
  const darwin = [49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48]

  it("reproduces Fisher's exact p-value for Darwin's data", () => {
    const r = signFlipTest(darwin)
    expect(r.method).toBe('exact')
    expect(r.pGreater).toBeCloseTo(863 / 32768, 10)
    expect(r.pTwoSided).toBeCloseTo(1726 / 32768, 10)
    expect(signFlipTest(darwin.map((d) => -d)).pLess).toBeCloseTo(863 / 32768, 10)
  })

  it('is the exact sign test (McNemar) with one sample per case', () => {
    const diffs = [...Array(7).fill(-1), 1, ...Array(12).fill(0)]
    expect(signFlipTest(diffs).pLess).toBeCloseTo(mcnemarExact(7, 1).pWorse, 12)
  })

  it('handles per-case pass rates (quarters) exactly and gives 1 with no change', () => {
    expect(signFlipTest([0, 0, 0]).pLess).toBe(1)
    const r = signFlipTest([-0.25, -0.5, -1, -0.75, 0.25])
    expect(r.method).toBe('exact')
    // 2^5 = 32 patterns of weights 1,2,4,3,1 (quarters); sums ≤ -9 quarters: counted by hand below.
    const weights = [1, 2, 4, 3, 1]
    let atMost = 0
    for (let mask = 0; mask < 32; mask++) {
      const s = weights.reduce((acc, w, i) => acc + ((mask >> i) & 1 ? w : -w), 0)
      if (s <= -9) atMost++
    }
    expect(r.pLess).toBeCloseTo(atMost / 32, 12)
  })

  it('falls back to a seeded Monte Carlo estimate for irregular values, deterministically', () => {
    const diffs = Array.from({ length: 40 }, (_, i) => Math.sin(i + 1) / 3 - 0.05)
    const a = signFlipTest(diffs, 'x')
    expect(a.method).toBe('monte-carlo')
    expect(signFlipTest(diffs, 'x')).toEqual(a)
  })
})

describe('paired bootstrap', () => {
  it('is deterministic for a seed and contains the estimate', () => {
    const diffs = [-1, -0.5, 0, 0, 0.25, -0.25, 0, -0.75, 0, 0.5]
    const a = pairedBootstrap(diffs, 0.95, 'seed')!
    expect(pairedBootstrap(diffs, 0.95, 'seed')).toEqual(a)
    expect(a.estimate).toBeCloseTo(-0.175, 12)
    expect(a.lower).toBeLessThanOrEqual(a.estimate)
    expect(a.upper).toBeGreaterThanOrEqual(a.estimate)
  })

  it('is a point when every case changed alike, and null without cases', () => {
    expect(pairedBootstrap([0, 0, 0], 0.95, 's')).toMatchObject({ estimate: 0, lower: 0, upper: 0 })
    expect(pairedBootstrap([], 0.95, 's')).toBeNull()
  })

  it('agrees with the normal-theory interval for many cases', () => {
    const diffs = Array.from({ length: 400 }, (_, i) => [-0.5, -0.25, 0, 0, 0, 0.25, 0.5, -0.25][i % 8]!)
    const m = diffs.reduce((a, b) => a + b, 0) / diffs.length
    const sd = Math.sqrt(diffs.reduce((a, d) => a + (d - m) ** 2, 0) / (diffs.length - 1))
    const half = 1.96 * sd / Math.sqrt(diffs.length)
    const ci = pairedBootstrap(diffs, 0.95, 'normal')!
    expect(ci.lower).toBeCloseTo(m - half, 2)
    expect(ci.upper).toBeCloseTo(m + half, 2)
  })
})

describe('planning', () => {
  // Two-sided 5%, power 80%: (1.959964 + 0.841621)² = 7.8489, the textbook sample-size constant.
  it('uses the standard (z_{1-α/2} + z_{1-β})² constant', () => {
    expect(casesNeeded(1, 1, 0.95)).toBe(8)
    expect(minimumDetectableEffect(0.25, 196, 0.95)).toBeCloseTo(2.801585 * 0.25 / 14, 5)
    expect(casesNeeded(0.25, 0.05, 0.95)).toBe(197)
    expect(casesNeeded(0, 0.05, 0.95)).toBeNull()
  })
})
