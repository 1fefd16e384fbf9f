import { groupStats, type SampleFigures } from './summary.js'
import { casesByUnit, pairCases, unitKey, type RunFigures } from './pairing.js'
import { analysePairs, type PairedAnalysis } from './paired.js'
import { wilsonInterval } from './stats.js'
import type { RateSummary } from './comparison.js'

/**
 * Settings sweeps: the variants of a suite (thinkingLevel levels, prompt A/B) side by side with
 * pass rate ± Wilson interval, cost, latency (live samples only) and thinking tokens; variants dominated on
 * (pass rate, cost per sample, p50 latency) are marked; neighbouring variants (in definition
 * order) get a paired test over their shared cases.
 */

export interface SweepVariant extends RateSummary {
  name: string
  /** Mean cost of a sample (a cached one counts with what it cost when made). */
  costPerSample: number | null
  /** Total cost / passing samples (null without a pass). */
  costPerPass: number | null
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  meanThinkingTokens: number | null
  /** The variant that is at least as good on pass rate, cost and latency and better on one. */
  dominatedBy: string | null
}

/** Paired comparison of a variant with the next one (`to` − `from`). */
export interface SweepStep {
  from: string
  to: string
  analysis: PairedAnalysis
}

export interface Sweep {
  suite: string
  variants: SweepVariant[]
  steps: SweepStep[]
}

/** Sweeps of every suite of the run with more than one variant. */
export function sweepRun(run: Pick<RunFigures, 'suites' | 'samples'>, confidence = 0.95): Sweep[] {
  const swept = run.suites.filter((s) => s.variants.length > 1)
  if (swept.length === 0) return [] // no settings matrix: nothing to group (a pass over every sample)
  const cases = casesByUnit(run)
  return swept.flatMap((suite): Sweep[] => {
    const names = suite.variants.filter((v) => cases.has(unitKey(suite.name, v)))
    if (names.length < 2) return []
    const samples = run.samples.filter((s) => s.key.suite === suite.name)
    const variants = markDominated(names.map((name) => sweepVariant(name, samples.filter((s) => s.key.variant === name), confidence)))
    const steps = names.slice(1).map((to, i): SweepStep => {
      const from = names[i]!
      const pairs = pairCases(suite.name, to, cases.get(unitKey(suite.name, from))!, cases.get(unitKey(suite.name, to))!)
      return { from, to, analysis: analysePairs(pairs.pairs, { confidence, seed: `${suite.name}\u0000${from}\u0000${to}` }) }
    })
    return [{ suite: suite.name, variants, steps }]
  })
}

function sweepVariant(name: string, samples: readonly SampleFigures[], confidence: number): Omit<SweepVariant, 'dominatedBy'> {
  const g = groupStats(samples)
  // What a variant costs is a property of its settings: a cached sample counts with its original cost.
  const costs = samples.flatMap((s) => {
    const usd = s.cached ? s.savedCostUsd : s.costUsd
    return usd === undefined ? [] : [usd]
  })
  const total = costs.reduce((a, b) => a + b, 0)
  return {
    name,
    samples: g.samples,
    passed: g.passed,
    failed: g.failed,
    errors: g.errors,
    passRate: g.passRate,
    interval: wilsonInterval(g.passed, g.passed + g.failed, confidence),
    costPerSample: costs.length ? total / costs.length : null,
    costPerPass: g.passed && costs.length ? total / g.passed : null,
    latencyP50Ms: g.latencyP50Ms,
    latencyP95Ms: g.latencyP95Ms,
    meanThinkingTokens: g.meanThinkingTokens,
  }
}

/** Mark each variant that another one dominates (higher pass rate is better; lower cost and latency are). */
export function markDominated(variants: ReadonlyArray<Omit<SweepVariant, 'dominatedBy'>>): SweepVariant[] {
  return variants.map((v) => {
    const by = variants.find((o) => o !== v && dominates(o, v))
    return { ...v, dominatedBy: by ? by.name : null }
  })
}

function dominates(a: Omit<SweepVariant, 'dominatedBy'>, b: Omit<SweepVariant, 'dominatedBy'>): boolean {
  const axes: Array<[number | null, number | null, 1 | -1]> = [
    [a.passRate, b.passRate, 1],
    [a.costPerSample, b.costPerSample, -1],
    [a.latencyP50Ms, b.latencyP50Ms, -1],
  ]
  let better = false
  for (const [x, y, sign] of axes) {
    if (x === null || y === null) continue
    const d = (x - y) * sign
    if (d < 0) return false
    if (d > 0) better = true
  }
  return better
}
