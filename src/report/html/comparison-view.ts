import type { CaseFlip, Comparison } from '../../compare/index.js'
import {
  caseLabel, formatConfidence, formatDifference, formatFlipCounts, formatFlips, formatMde, formatPoints, formatPValue, formatSide, statusLabel, unitCases,
} from '../compare-format.js'
import { describeFlaky } from '../comparison-terminal.js'
import { caseKey, flipChange, type CaseChange } from './case-rows.js'

/**
 * The comparison with the baseline as display rows: the gate's verdict, the per suite × variant
 * statistics (as compare computed them), every flipped case sorted by impact and linked to its
 * row, flaky cases, and what was added, removed or changed.
 */

export type Tone = 'pass' | 'fail' | 'warn'

export interface ComparisonView {
  base: string
  head: string
  /** Set when base and head differ in provider or model. */
  mismatch: string
  units: UnitRow[]
  unitsNote: string
  flips: FlipRow[]
  flipsSummary: string
  flaky: Array<{ label: string; detail: string; rate: string }>
  changes: string[]
  samples: string
}

interface UnitRow {
  suite: string
  variant: string
  cases: string
  base: string
  head: string
  change: string
  p: string
  flips: string
  mde: string
  status: string
  tone: Tone
  reason: string
}

interface FlipRow {
  /** The case row's anchor, e.g. `c12`. */
  anchor: string
  label: string
  from: string
  to: string
  change: CaseChange
  counts: string
  diff: string
  flaky: boolean
}

export function comparisonView(c: Comparison, anchors: ReadonlyMap<string, string>): ComparisonView {
  const flips = sortByImpact(c.units.flatMap((u) => u.flipped))
  const n = (change: CaseChange): number => flips.filter((f) => flipChange(f) === change).length
  const confidences = [...new Set(c.units.map((u) => formatConfidence(u.settings.unitConfidence)))].join(', ')
  const s = c.samples
  return {
    base: c.base.label,
    head: c.head.label,
    mismatch: c.base.provider !== c.head.provider || c.base.model !== c.head.model
      ? `The baseline is ${c.base.provider} ${c.base.model}; this run is ${c.head.provider} ${c.head.model}.` : '',
    units: c.units.map((u) => ({
      suite: u.suite, variant: u.variant, cases: unitCases(u), base: formatSide(u.base), head: formatSide(u.head),
      change: formatDifference(u.analysis.difference), p: formatPValue(u.analysis.difference?.pWorse), flips: formatFlips(u.analysis),
      mde: formatMde(u.analysis), status: statusLabel(u.decision.status), tone: tone(u.decision.status), reason: u.decision.reason,
    })),
    unitsNote: `change: this run − baseline, mean of per-case pass rates with a ${confidences || '95%'} paired bootstrap interval; ` +
      'p (worse): exact sign-flip test, one-sided; flips: case verdicts pass → fail ↓ and fail → pass ↑; MDE: smallest drop these cases detect 80% of the time.',
    flips: flips.map((f) => ({
      anchor: anchors.get(caseKey(f)) ?? '', label: caseLabel(f), from: f.from, to: f.to, change: flipChange(f),
      counts: formatFlipCounts(f), diff: f.diff === null ? '–' : formatPoints(f.diff), flaky: f.flaky,
    })),
    flipsSummary: flips.length
      ? `${flips.length} case${flips.length === 1 ? '' : 's'} changed verdict: ${n('regression')} regressed, ${n('improvement')} improved, ${n('changed')} other (errors). Biggest drops first.`
      : 'No case changed its verdict.',
    flaky: c.flaky.map((f) => ({ label: caseLabel(f), detail: describeFlaky(f), rate: `${(f.flipRate * 100).toFixed(0)}%` })),
    changes: changeLines(c),
    samples: `${s.paired} samples paired: ${s.bothPass} pass in both, ${s.passToFail} pass → fail, ${s.failToPass} fail → pass, ${s.bothFail} fail in both` +
      `${s.withErrors ? `, ${s.withErrors} with an error` : ''}${s.onlyBase ? `; ${s.onlyBase} only in the baseline` : ''}${s.onlyHead ? `; ${s.onlyHead} only in this run` : ''}.`,
  }
}

export function tone(status: 'pass' | 'regression' | 'inconclusive'): Tone {
  return status === 'pass' ? 'pass' : status === 'regression' ? 'fail' : 'warn'
}

/** Regressions first, biggest drop first; then changes to or from errors; then improvements, biggest gain first. */
function sortByImpact(flips: readonly CaseFlip[]): CaseFlip[] {
  const rank: Record<CaseChange, number> = { regression: 0, changed: 1, improvement: 2, same: 3, added: 3, removed: 3, '': 3 }
  const size = (f: CaseFlip): number => (f.diff === null ? 0 : Math.abs(f.diff))
  return [...flips].sort((a, b) => rank[flipChange(a)] - rank[flipChange(b)] || size(b) - size(a))
}

function changeLines(c: Comparison): string[] {
  const out: string[] = []
  const compared = new Set(c.suites.filter((s) => s.status === 'compared').map((s) => s.name))
  const added = c.cases.added.filter((r) => compared.has(r.suite)).length
  const removed = c.cases.removed.filter((r) => compared.has(r.suite)).length
  if (added) out.push(`${added} case${added === 1 ? '' : 's'} only in this run (not compared)`)
  if (removed) out.push(`${removed} case${removed === 1 ? '' : 's'} only in the baseline (listed at the end of the cases as removed)`)
  for (const s of c.suites) {
    if (s.status !== 'compared') out.push(`Suite ${s.name} is only in ${s.status === 'added' ? 'this run' : 'the baseline'}: not compared`)
    else if (s.changed) out.push(`Suite ${s.name} changed (prompt, settings or cases) since the baseline: compared case by case`)
    if (s.variantsAdded.length) out.push(`Suite ${s.name}: variants only in this run: ${s.variantsAdded.join(', ')}`)
    if (s.variantsRemoved.length) out.push(`Suite ${s.name}: variants only in the baseline: ${s.variantsRemoved.join(', ')}`)
  }
  return out
}
