import type { Grade, Outcome, PassRule, SampleFigures, SampleKey, SampleRecord, Usage } from '../core/index.js'
import { judgeStats, type JudgeStats } from './judge-stats.js'

/** Counts and figures of a group of samples (a run, a suite, a variant). */
export interface GroupStats {
  samples: number
  passed: number
  failed: number
  errors: number
  /** passed / (passed + failed); errors are reported apart, never counted as fails. Null when nothing was graded. */
  passRate: number | null
  costUsd: number
  /** Mean cost of the samples that have one. */
  meanCostUsd: number | null
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  meanThinkingTokens: number | null
  /** Samples answered from the response cache (cost 0, left out of the latency figures). */
  cachedSamples: number
  /** What the cached samples cost when first made. */
  savedUsd: number
  /** The judge's usage and cost for these samples, never part of `costUsd`. */
  judge: JudgeStats
}

export interface CaseVerdict {
  suite: string
  caseId: string
  variant: string
  verdict: Outcome
  passed: number
  failed: number
  errors: number
  /** passed / (passed + failed) of the case's samples (null when none was graded), kept for statistics. */
  passRate: number | null
}

export interface SuiteSummary extends GroupStats {
  name: string
  variants: Array<GroupStats & { name: string }>
  cases: { total: number; passed: number; failed: number; errors: number }
}

export interface RunSummary {
  totals: GroupStats
  suites: SuiteSummary[]
  cases: CaseVerdict[]
}

/**
 * What the figures here read of a sample. A SampleRecord is one; `sampleFigures` makes a slim
 * copy (no output, reasons or errors) for summarising a large run without holding its samples.
 */
export type { SampleFigures }

const NO_GRADES: ReadonlyArray<Pick<Grade, 'judge'>> = Object.freeze([])

/** The figures of a sample and nothing else; `names` shares the repeated suite and variant names. */
export function sampleFigures(s: SampleRecord, names: Map<string, string> = new Map()): SampleFigures {
  const name = (n: string): string => names.get(n) ?? (names.set(n, n), n)
  const judged = s.grades.some((g) => g.judge) ? s.grades.flatMap((g) => (g.judge ? [{ judge: g.judge }] : [])) : NO_GRADES
  const out: SampleFigures = { key: { suite: name(s.key.suite), caseId: s.key.caseId, variant: name(s.key.variant) }, outcome: s.outcome, grades: judged }
  if (s.latencyMs !== undefined) out.latencyMs = s.latencyMs
  if (s.costUsd !== undefined) out.costUsd = s.costUsd
  if (s.cached !== undefined) out.cached = s.cached
  if (s.savedCostUsd !== undefined) out.savedCostUsd = s.savedCostUsd
  if (s.usage) out.usage = { thinkingTokens: s.usage.thinkingTokens }
  return out
}

/** Aggregate samples into per-run, per-suite and per-variant figures and case verdicts. */
export function summarizeSamples(
  samples: readonly SampleFigures[],
  passRules: ReadonlyMap<string, PassRule>,
  order: readonly SuiteOrder[] = [],
): RunSummary {
  samples = sortByPlanOrder(samples, order)
  const bySuite = groupBy(samples, (s) => s.key.suite)
  const cases = aggregateCases(samples, passRules)
  const suites = [...bySuite].map(([name, rows]): SuiteSummary => {
    const suiteCases = cases.filter((c) => c.suite === name)
    return {
      name,
      ...groupStats(rows),
      variants: [...groupBy(rows, (s) => s.key.variant)].map(([variant, vr]) => ({ name: variant, ...groupStats(vr) })),
      cases: {
        total: suiteCases.length,
        passed: suiteCases.filter((c) => c.verdict === 'pass').length,
        failed: suiteCases.filter((c) => c.verdict === 'fail').length,
        errors: suiteCases.filter((c) => c.verdict === 'error').length,
      },
    }
  })
  return { totals: groupStats(samples), suites, cases }
}

/** The order in which suites and their variants were defined, for display. */
export interface SuiteOrder {
  name: string
  variants: readonly string[]
}

/** Stable sort of samples into definition order (unknown suites and variants keep their place at the end). */
function sortByPlanOrder<T extends SampleFigures>(samples: readonly T[], order: readonly SuiteOrder[]): readonly T[] {
  if (order.length === 0) return samples
  const rank = new Map<string, { suite: number; variants: Map<string, number> }>()
  order.forEach((suite, i) => rank.set(suite.name, { suite: i * 1000, variants: new Map(suite.variants.map((v, j) => [v, i * 1000 + j + 1])) }))
  const ranks = samples.map((s) => {
    const suite = rank.get(s.key.suite)
    return suite ? suite.variants.get(s.key.variant) ?? suite.suite : Number.MAX_SAFE_INTEGER
  })
  if (ranks.every((r, i) => i === 0 || ranks[i - 1]! <= r)) return samples
  const at = samples.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]! || a - b)
  return at.map((i) => samples[i]!)
}

/** One verdict per (suite, case, variant) from its samples by the suite's pass rule. */
export function aggregateCases(samples: readonly SampleFigures[], passRules: ReadonlyMap<string, PassRule>): CaseVerdict[] {
  const groups = groupBy(samples, (s) => `${s.key.suite}\u0000${s.key.caseId}\u0000${s.key.variant}`)
  return [...groups.values()].map((rows) => {
    const { suite, caseId, variant } = rows[0]!.key
    let passed = 0
    let failed = 0
    for (const s of rows) {
      if (s.outcome === 'pass') passed++
      else if (s.outcome === 'fail') failed++
    }
    const errors = rows.length - passed - failed
    const rule = passRules.get(suite) ?? { rule: 'majority' }
    const verdict: Outcome = passed + failed === 0 ? 'error' : applyPassRule(rule, passed, passed + failed) ? 'pass' : 'fail'
    const passRate = passed + failed === 0 ? null : passed / (passed + failed)
    return { suite, caseId, variant, verdict, passed, failed, errors, passRate }
  })
}

/** Whether `passed` of `graded` samples make a passing case. */
export function applyPassRule(rule: PassRule, passed: number, graded: number): boolean {
  switch (rule.rule) {
    case 'all':
      return passed === graded
    case 'any':
      return passed > 0
    case 'majority':
      return passed * 2 > graded
    case 'atLeast':
      return passed >= rule.n
  }
}

export function groupStats(rows: readonly SampleFigures[]): GroupStats {
  // One pass; sums run in sample order, as they always have (the same figures to the last bit).
  let passed = 0, failed = 0, costs = 0, costUsd = 0, cached = 0, savedUsd = 0, thinking = 0, thinkingTokens = 0
  const latencies: number[] = []
  for (const s of rows) {
    if (s.outcome === 'pass') passed++
    else if (s.outcome === 'fail') failed++
    if (s.costUsd !== undefined) {
      costs++
      costUsd += s.costUsd
    }
    if (s.latencyMs !== undefined && !s.cached) latencies.push(s.latencyMs)
    if (s.cached) {
      cached++
      savedUsd += s.savedCostUsd ?? 0
    }
    if (s.usage) {
      thinking++
      thinkingTokens += s.usage.thinkingTokens
    }
  }
  const sorted = Float64Array.from(latencies).sort()
  return {
    samples: rows.length,
    passed,
    failed,
    errors: rows.length - passed - failed,
    passRate: passed + failed === 0 ? null : passed / (passed + failed),
    costUsd,
    meanCostUsd: costs ? costUsd / costs : null,
    latencyP50Ms: percentile(sorted, 0.5),
    latencyP95Ms: percentile(sorted, 0.95),
    meanThinkingTokens: thinking ? thinkingTokens / thinking : null,
    cachedSamples: cached,
    savedUsd,
    judge: judgeStats(rows),
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]!
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}
