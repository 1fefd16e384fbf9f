import type { CaseFlip, DifferenceEstimate, GateStatus, Interval, PairedAnalysis, RateSummary, UnitComparison } from '../compare/index.js'
import { formatRate } from './format.js'

/** Display helpers for comparisons, shared by the terminal, Markdown and JUnit outputs. */

/** `88.1% (84.6–91.0)`: a pass rate with its interval. */
export function formatRateWithInterval(rate: number | null, interval: Interval | null): string {
  if (rate === null) return '–'
  if (!interval) return formatRate(rate)
  return `${formatRate(rate)} (${(interval.lower * 100).toFixed(1)}–${(interval.upper * 100).toFixed(1)})`
}

export function formatSide(side: RateSummary): string {
  return formatRateWithInterval(side.passRate, side.interval)
}

/** Signed points: `−17.5 pts`, `+2.0 pts`, `0.0 pts`. */
export function formatPoints(fraction: number): string {
  const v = fraction * 100
  const sign = v > 0.05 ? '+' : v < -0.05 ? '−' : ''
  return `${sign}${Math.abs(v).toFixed(1)} pts`
}

/** `−17.5 pts [−28.8, −7.5]`. */
export function formatDifference(d: DifferenceEstimate | null): string {
  if (!d) return '–'
  return `${formatPoints(d.estimate)} [${signed(d.lower)}, ${signed(d.upper)}]`
}

function signed(fraction: number): string {
  const v = fraction * 100
  return `${v < -0.05 ? '−' : v > 0.05 ? '+' : ''}${Math.abs(v).toFixed(1)}`
}

export function formatPValue(p: number | undefined): string {
  if (p === undefined) return '–'
  if (p < 0.0001) return '<0.0001'
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3)
}

/** `8↓ 1↑`: verdicts that went pass → fail and fail → pass. */
export function formatFlips(a: PairedAnalysis): string {
  return `${a.flips.passToFail}↓ ${a.flips.failToPass}↑`
}

export function formatMde(a: PairedAnalysis): string {
  return a.minimumDetectableEffect === null ? '–' : `${(a.minimumDetectableEffect * 100).toFixed(1)} pts`
}

export function statusLabel(status: GateStatus): string {
  return status === 'regression' ? 'REGRESSION' : status === 'inconclusive' ? 'INCONCLUSIVE' : 'pass'
}

/** Confidence as a percentage label: `95%`, `98.75%`. */
export function formatConfidence(c: number): string {
  return `${Number((c * 100).toFixed(2))}%`
}

/** `capitals/australia`, with the variant when it is not the default one. */
export function caseLabel(f: Pick<CaseFlip, 'suite' | 'caseId' | 'variant'>): string {
  return f.variant === 'default' ? `${f.suite}/${f.caseId}` : `${f.suite}/${f.caseId} [${f.variant}]`
}

/** `4/4 pass → 0/4 pass`. */
export function formatFlipCounts(f: CaseFlip): string {
  const side = (c: CaseFlip['base']): string => `${c.passed}/${c.passed + c.failed}${c.errors ? ` (+${c.errors} errors)` : ''}`
  return `${f.from} ${side(f.base)} → ${f.to} ${side(f.head)}`
}

export function unitCases(u: UnitComparison): string {
  const excluded = u.cases.excludedFlaky ? ` (−${u.cases.excludedFlaky} flaky)` : ''
  return `${u.analysis.cases}${excluded}`
}
