import { wilsonInterval, type Comparison, type Interval, type RunSummary, type SampleFigures } from '../../compare/index.js'

/**
 * The figures of each suite × variant that the charts draw: the head's pass rate and Wilson
 * interval (from compare: the comparison's when there is one, else its interval function over
 * the summary's counts), cost per sample, and the baseline's figures when comparing.
 */

export interface SideFigures {
  passRate: number | null
  interval: Interval | null
  /** Mean cost of a sample, a cached one at what it cost when made (null without costs). */
  costPerSample: number | null
  samples: number
}

export interface UnitFigures {
  suite: string
  variant: string
  label: string
  /** Position of the suite in the run, for a colour per suite. */
  suiteIndex: number
  head: SideFigures
  base: SideFigures | null
}

export interface UnitFigureInput {
  summary: RunSummary
  samples: readonly SampleFigures[]
  comparison?: Comparison
  baseSamples?: readonly SampleFigures[]
  confidence: number
}

export function unitFigures(input: UnitFigureInput): UnitFigures[] {
  const headCosts = costsByUnit(input.samples)
  const baseCosts = costsByUnit(input.baseSamples ?? [])
  const compared = new Map((input.comparison?.units ?? []).map((u) => [unitKey(u.suite, u.variant), u]))
  return input.summary.suites.flatMap((suite, suiteIndex) => suite.variants.map((v): UnitFigures => {
    const key = unitKey(suite.name, v.name)
    const unit = compared.get(key)
    const head: SideFigures = unit
      ? { passRate: unit.head.passRate, interval: unit.head.interval, costPerSample: mean(headCosts.get(key)), samples: unit.head.samples }
      : { passRate: v.passRate, interval: wilsonInterval(v.passed, v.passed + v.failed, input.confidence), costPerSample: mean(headCosts.get(key)), samples: v.samples }
    const base: SideFigures | null = unit
      ? { passRate: unit.base.passRate, interval: unit.base.interval, costPerSample: mean(baseCosts.get(key)), samples: unit.base.samples }
      : null
    const label = suite.variants.length > 1 || v.name !== 'default' ? `${suite.name} / ${v.name}` : suite.name
    return { suite: suite.name, variant: v.name, label, suiteIndex, head, base }
  }))
}

function unitKey(suite: string, variant: string): string {
  return `${suite}\u0000${variant}`
}

/** Per unit, what each sample cost (a cached sample: its original cost), for those that have a cost. */
function costsByUnit(samples: readonly SampleFigures[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const s of samples) {
    const usd = s.cached ? s.savedCostUsd : s.costUsd
    if (usd === undefined) continue
    const key = unitKey(s.key.suite, s.key.variant)
    const list = out.get(key)
    if (list) list.push(usd)
    else out.set(key, [usd])
  }
  return out
}

function mean(values: readonly number[] | undefined): number | null {
  return values && values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
}
