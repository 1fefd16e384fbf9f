import type { CaseHistoryRow, PassRule } from '../core/index.js'
import { applyPassRule, type CaseVerdict } from './summary.js'
import { unitKey, type CaseRef } from './pairing.js'

/**
 * Flaky cases: a case whose samples disagree within the baseline run, or whose verdict flipped
 * between stored runs that sent the same requests. They are reported apart, and the gate can
 * leave them out. The head run never marks a case flaky (that would hide the change under test).
 */

export interface FlakyCase extends CaseRef {
  /** Share of the case's graded samples in the baseline that disagree with its verdict (null: they agree). */
  sampleDisagreement: number | null
  /** Past runs of the case seen in the history. */
  historyRuns: number
  /** Verdict changes between consecutive comparable runs. */
  historyFlips: number
  /** historyFlips / comparable transitions (null without comparable runs). */
  historyFlipRate: number | null
  /** The larger of the two rates: how often this case changes its mind. */
  flipRate: number
}

export function findFlaky(
  baseCases: Iterable<CaseVerdict>,
  history: readonly CaseHistoryRow[],
  rules: ReadonlyMap<string, PassRule>,
): FlakyCase[] {
  const flips = historyFlips(history, rules)
  const out = new Map<string, FlakyCase>()
  for (const c of baseCases) {
    if (c.passed === 0 || c.failed === 0) continue
    const key = caseKey(c)
    out.set(key, blank(c, Math.min(c.passed, c.failed) / (c.passed + c.failed)))
  }
  for (const [key, h] of flips) {
    if (h.flips === 0) continue
    const entry = out.get(key) ?? blank(h.ref, null)
    entry.historyRuns = h.runs
    entry.historyFlips = h.flips
    entry.historyFlipRate = h.flips / h.transitions
    out.set(key, entry)
  }
  for (const f of out.values()) f.flipRate = Math.max(f.sampleDisagreement ?? 0, f.historyFlipRate ?? 0)
  return [...out.values()].sort((a, b) => b.flipRate - a.flipRate || compareRefs(a, b))
}

interface HistoryFlips {
  ref: CaseRef
  runs: number
  transitions: number
  flips: number
}

function historyFlips(history: readonly CaseHistoryRow[], rules: ReadonlyMap<string, PassRule>): Map<string, HistoryFlips> {
  const out = new Map<string, HistoryFlips & { last?: { verdict: string; fingerprint: string } }>()
  for (const row of history) {
    const key = caseKey(row)
    let h = out.get(key)
    if (!h) out.set(key, (h = { ref: { suite: row.suite, caseId: row.caseId, variant: row.variant }, runs: 0, transitions: 0, flips: 0 }))
    h.runs++
    const graded = row.passed + row.failed
    if (graded === 0) continue
    const verdict = applyPassRule(rules.get(row.suite) ?? { rule: 'majority' }, row.passed, graded) ? 'pass' : 'fail'
    if (h.last && h.last.fingerprint === row.fingerprint) {
      h.transitions++
      if (h.last.verdict !== verdict) h.flips++
    }
    h.last = { verdict, fingerprint: row.fingerprint }
  }
  return out
}

function blank(ref: CaseRef, sampleDisagreement: number | null): FlakyCase {
  return {
    suite: ref.suite, caseId: ref.caseId, variant: ref.variant,
    sampleDisagreement, historyRuns: 0, historyFlips: 0, historyFlipRate: null, flipRate: 0,
  }
}

export function caseKey(ref: CaseRef): string {
  return `${unitKey(ref.suite, ref.variant)}\u0000${ref.caseId}`
}

function compareRefs(a: CaseRef, b: CaseRef): number {
  return cmp(a.suite, b.suite) || cmp(a.variant, b.variant) || cmp(a.caseId, b.caseId)
}

/** Code-unit order: the same on every machine, whatever its locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
