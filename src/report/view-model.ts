import type { RunMeta, SampleRecord } from '../core/index.js'
import type { GroupStats, RunSummary } from '../compare/index.js'
import { describeProvider, formatMs, formatRate, formatUsd } from './format.js'

/** Display-ready rows for the HTML page: templates hold no logic. */
export interface RunPageModel {
  title: string
  runId: string
  provider: string
  isEmulator: boolean
  model: string
  startedAt: string
  status: string
  totals: StatRow
  groups: Array<StatRow & { suite: string; variant: string }>
  cases: CaseRow[]
}

interface StatRow {
  samples: number
  passed: number
  failed: number
  errors: number
  passRate: string
  meanCost: string
  totalCost: string
  p50: string
  p95: string
}

interface CaseRow {
  suite: string
  caseId: string
  variant: string
  verdict: string
  counts: string
  samples: SampleRow[]
}

interface SampleRow {
  label: string
  outcome: string
  output: string
  finishReason: string
  detail: string
  grades: Array<{ type: string; verdict: string; score: string; reason: string }>
}

export function buildRunPageModel(meta: RunMeta, summary: RunSummary, samples: readonly SampleRecord[]): RunPageModel {
  const bySampleCase = new Map<string, SampleRecord[]>()
  for (const s of samples) {
    const k = caseKey(s.key.suite, s.key.caseId, s.key.variant)
    bySampleCase.set(k, [...(bySampleCase.get(k) ?? []), s])
  }
  return {
    title: `evals run ${meta.id}`,
    runId: meta.id,
    provider: describeProvider(meta.provider),
    isEmulator: meta.provider === 'emulator',
    model: meta.model,
    startedAt: meta.startedAt,
    status: meta.status,
    totals: statRow(summary.totals),
    groups: summary.suites.flatMap((s) => s.variants.map((v) => ({ suite: s.name, variant: v.name, ...statRow(v) }))),
    cases: summary.cases.map((c) => ({
      suite: c.suite,
      caseId: c.caseId,
      variant: c.variant,
      verdict: c.verdict,
      counts: `${c.passed} pass · ${c.failed} fail · ${c.errors} error`,
      samples: (bySampleCase.get(caseKey(c.suite, c.caseId, c.variant)) ?? []).map(sampleRow),
    })),
  }
}

function caseKey(suite: string, caseId: string, variant: string): string {
  return `${suite}\u0000${caseId}\u0000${variant}`
}

function statRow(s: GroupStats): StatRow {
  return {
    samples: s.samples,
    passed: s.passed,
    failed: s.failed,
    errors: s.errors,
    passRate: formatRate(s.passRate),
    meanCost: formatUsd(s.meanCostUsd),
    totalCost: formatUsd(s.costUsd),
    p50: formatMs(s.latencyP50Ms),
    p95: formatMs(s.latencyP95Ms),
  }
}

function sampleRow(s: SampleRecord): SampleRow {
  const usage = s.usage
    ? `${s.usage.promptTokens} prompt · ${s.usage.completionTokens} completion · ${s.usage.thinkingTokens} thinking tokens`
    : ''
  const detail = [usage, s.costUsd === undefined ? '' : formatUsd(s.costUsd), s.latencyMs === undefined ? '' : formatMs(s.latencyMs)]
    .filter(Boolean)
    .join(' · ')
  return {
    label: `seed ${s.key.seed} #${s.key.resultIndex}`,
    outcome: s.outcome,
    output: s.error ? `${s.error.kind} ${s.error.code}: ${s.error.message}` : (s.output ?? ''),
    finishReason: s.finishReason ?? '',
    detail,
    grades: s.grades.map((g) => ({ type: g.type, verdict: g.pass ? 'pass' : 'fail', score: g.score.toFixed(2), reason: g.reason })),
  }
}
