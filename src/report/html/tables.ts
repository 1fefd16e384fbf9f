import { wilsonInterval, type GroupStats, type RunSummary, type Sweep } from '../../compare/index.js'
import { formatDifference, formatFlips, formatPValue, formatRateWithInterval } from '../compare-format.js'
import { formatMs, formatUsd } from '../format.js'
import { judgeCells } from '../judge-format.js'

/**
 * The per-suite and per-variant tables: counts, pass rate with its Wilson interval, cost (the
 * system under test; the judge's apart), latency; variant rows add what the sweep says
 * (cost per pass, thinking tokens, whether another variant dominates it).
 */

export interface StatRow {
  samples: number
  passed: number
  failed: number
  errors: number
  passRate: string
  meanCost: string
  totalCost: string
  p50: string
  p95: string
  judgeCost: string
}

export interface SuiteRow extends StatRow {
  suite: string
  /** `9/10` case verdicts that pass. */
  cases: string
}

export interface VariantRow extends StatRow {
  suite: string
  variant: string
  cases: string
  thinking: string
  costPerPass: string
  /** '' outside a sweep, else "frontier" or "dominated by …". */
  frontier: string
}

export function statRow(s: GroupStats, confidence: number): StatRow {
  return {
    samples: s.samples,
    passed: s.passed,
    failed: s.failed,
    errors: s.errors,
    passRate: formatRateWithInterval(s.passRate, wilsonInterval(s.passed, s.passed + s.failed, confidence)),
    meanCost: formatUsd(s.meanCostUsd),
    totalCost: formatUsd(s.costUsd),
    p50: formatMs(s.latencyP50Ms),
    p95: formatMs(s.latencyP95Ms),
    judgeCost: judgeCells(s, true)[0]!,
  }
}

export function suiteRows(summary: RunSummary, confidence: number): SuiteRow[] {
  return summary.suites.map((s) => ({ suite: s.name, cases: `${s.cases.passed}/${s.cases.total}`, ...statRow(s, confidence) }))
}

export function variantRows(summary: RunSummary, sweeps: readonly Sweep[], confidence: number): VariantRow[] {
  return summary.suites.flatMap((s) => s.variants.map((v): VariantRow => {
    const cases = summary.cases.filter((c) => c.suite === s.name && c.variant === v.name)
    const swept = sweeps.find((w) => w.suite === s.name)?.variants.find((w) => w.name === v.name)
    return {
      suite: s.name,
      variant: v.name,
      cases: `${cases.filter((c) => c.verdict === 'pass').length}/${cases.length}`,
      ...statRow(v, confidence),
      thinking: v.meanThinkingTokens === null ? '–' : String(Math.round(v.meanThinkingTokens)),
      costPerPass: swept ? formatUsd(swept.costPerPass) : '–',
      frontier: !swept ? '' : swept.dominatedBy ? `dominated by ${swept.dominatedBy}` : 'frontier',
    }
  }))
}

/** One line per neighbouring pair of variants: the sweep's paired test. */
export function sweepNotes(sweeps: readonly Sweep[]): string[] {
  return sweeps.flatMap((w) => w.steps.map((step) =>
    `${w.suite}: ${step.from} → ${step.to}: ${formatDifference(step.analysis.difference)} over ${step.analysis.cases} paired cases, ` +
    `p = ${formatPValue(step.analysis.difference?.pValue)} (two-sided), flips ${formatFlips(step.analysis)}`))
}
