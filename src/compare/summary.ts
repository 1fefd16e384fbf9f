import type { Outcome, PassRule, SampleRecord } from '../core/index.js'
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

/** Aggregate samples into per-run, per-suite and per-variant figures and case verdicts. */
export function summarizeSamples(
  samples: readonly SampleRecord[],
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
function sortByPlanOrder(samples: readonly SampleRecord[], order: readonly SuiteOrder[]): readonly SampleRecord[] {
  if (order.length === 0) return samples
  const rank = new Map<string, number>()
  order.forEach((suite, i) => {
    rank.set(suite.name, i * 1000)
    suite.variants.forEach((v, j) => rank.set(`${suite.name}\u0000${v}`, i * 1000 + j + 1))
  })
  const at = (s: SampleRecord): number =>
    rank.get(`${s.key.suite}\u0000${s.key.variant}`) ?? rank.get(s.key.suite) ?? Number.MAX_SAFE_INTEGER
  return [...samples].sort((a, b) => at(a) - at(b))
}

/** One verdict per (suite, case, variant) from its samples by the suite's pass rule. */
export function aggregateCases(samples: readonly SampleRecord[], passRules: ReadonlyMap<string, PassRule>): CaseVerdict[] {
  const groups = groupBy(samples, (s) => `${s.key.suite}\u0000${s.key.caseId}\u0000${s.key.variant}`)
  return [...groups.values()].map((rows) => {
    const { suite, caseId, variant } = rows[0]!.key
    const passed = rows.filter((s) => s.outcome === 'pass').length
    const failed = rows.filter((s) => s.outcome === 'fail').length
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

export function groupStats(rows: readonly SampleRecord[]): GroupStats {
  const passed = rows.filter((s) => s.outcome === 'pass').length
  const failed = rows.filter((s) => s.outcome === 'fail').length
  const costs = rows.flatMap((s) => (s.costUsd === undefined ? [] : [s.costUsd]))
  const latencies = rows.flatMap((s) => (s.latencyMs === undefined || s.cached ? [] : [s.latencyMs])).sort((a, b) => a - b)
  const cached = rows.filter((s) => s.cached)
  const thinking = rows.flatMap((s) => (s.usage ? [s.usage.thinkingTokens] : []))
  const costUsd = sum(costs)
  return {
    samples: rows.length,
    passed,
    failed,
    errors: rows.length - passed - failed,
    passRate: passed + failed === 0 ? null : passed / (passed + failed),
    costUsd,
    meanCostUsd: costs.length ? costUsd / costs.length : null,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    meanThinkingTokens: thinking.length ? sum(thinking) / thinking.length : null,
    cachedSamples: cached.length,
    savedUsd: sum(cached.map((s) => s.savedCostUsd ?? 0)),
    judge: judgeStats(rows),
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1]!
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
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
