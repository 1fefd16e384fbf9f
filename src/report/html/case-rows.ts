import type { Outcome, SampleRecord } from '../../core/index.js'
import type { CaseFlip, CaseVerdict, Comparison } from '../../compare/index.js'
import { sampleRow, type SampleRow } from './sample-rows.js'

/**
 * The per-case view: every case × variant of the run (and the baseline's removed ones), with
 * how its verdict changed against the baseline and whether it is flaky, as the comparison says.
 * The page script filters and paginates these rows by their (escaped) data attributes.
 */

/** How a case changed against the baseline ('' without a baseline). */
export type CaseChange = 'regression' | 'improvement' | 'changed' | 'same' | 'added' | 'removed' | ''

export interface CaseRow {
  /** Anchor of the row (`c<n>`): links point here, never at data. */
  id: string
  suite: string
  caseId: string
  variant: string
  verdict: Outcome | 'removed'
  change: CaseChange
  /** The change in words for the row's badge ('' when nothing changed). */
  badge: string
  flaky: '1' | ''
  counts: string
  samples: SampleRow[]
}

export interface CaseRowInput {
  cases: readonly CaseVerdict[]
  samples: readonly SampleRecord[]
  comparison?: Comparison
  baseSamples?: readonly SampleRecord[]
  baseFromFile: boolean
}

export function caseRows(input: CaseRowInput): CaseRow[] {
  const { comparison } = input
  const headSamples = samplesByCase(input.samples)
  const baseSamples = new Map((input.baseSamples ?? []).map((s) => [sampleKey(s), s]))
  const flips = new Map(comparison?.units.flatMap((u) => u.flipped.map((f) => [caseKey(f), f] as const)) ?? [])
  const added = new Set(comparison?.cases.added.map(caseKey) ?? [])
  const flaky = new Set(comparison?.flaky.map(caseKey) ?? [])
  const rows = input.cases.map((c, i): CaseRow => {
    const key = caseKey(c)
    const flip = flips.get(key)
    const change: CaseChange = !comparison ? '' : flip ? flipChange(flip) : added.has(key) ? 'added' : 'same'
    return {
      id: `c${i}`,
      suite: c.suite,
      caseId: c.caseId,
      variant: c.variant,
      verdict: c.verdict,
      change,
      badge: flip ? `${change}: ${flip.from} → ${flip.to}` : change === 'added' ? 'added: not in the baseline' : '',
      flaky: (comparison ? flaky.has(key) : c.passed > 0 && c.failed > 0) ? '1' : '',
      counts: counts(c.passed, c.failed, c.errors),
      samples: (headSamples.get(key) ?? []).map((s) => sampleRow(s, baseSamples.get(sampleKey(s)), input.baseFromFile)),
    }
  })
  return [...rows, ...removedRows(input, rows.length)]
}

/** Cases only the baseline has: shown with the baseline's samples, marked removed. */
function removedRows(input: CaseRowInput, offset: number): CaseRow[] {
  const removed = input.comparison?.cases.removed ?? []
  if (removed.length === 0) return []
  const baseByCase = samplesByCase(input.baseSamples ?? [])
  return removed.map((ref, i): CaseRow => {
    const samples = baseByCase.get(caseKey(ref)) ?? []
    const n = (o: Outcome): number => samples.filter((s) => s.outcome === o).length
    return {
      id: `c${offset + i}`,
      ...ref,
      verdict: 'removed',
      change: 'removed',
      badge: 'removed: only in the baseline',
      flaky: '',
      counts: `only in the baseline: ${counts(n('pass'), n('fail'), n('error'))}`,
      samples: samples.map((s) => ({ ...sampleRow(s, undefined, input.baseFromFile), label: `baseline seed ${s.key.seed} #${s.key.resultIndex}` })),
    }
  })
}

/** pass → fail is a regression, fail → pass an improvement; a change to or from error is neither (no usable output). */
export function flipChange(f: Pick<CaseFlip, 'from' | 'to'>): CaseChange {
  if (f.from === 'error' || f.to === 'error') return 'changed'
  return f.from === 'pass' ? 'regression' : 'improvement'
}

function counts(passed: number, failed: number, errors: number): string {
  return `${passed} pass · ${failed} fail · ${errors} error`
}

export function caseKey(c: { suite: string; caseId: string; variant: string }): string {
  return `${c.suite}\u0000${c.caseId}\u0000${c.variant}`
}

function sampleKey(s: SampleRecord): string {
  return `${caseKey(s.key)}\u0000${s.key.seed}\u0000${s.key.resultIndex}`
}

function samplesByCase(samples: readonly SampleRecord[]): Map<string, SampleRecord[]> {
  const out = new Map<string, SampleRecord[]>()
  for (const s of samples) {
    const key = caseKey(s.key)
    const list = out.get(key)
    if (list) list.push(s)
    else out.set(key, [s])
  }
  return out
}
