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
  comparison?: Comparison
  baseSamples?: readonly SampleRecord[]
  baseFromFile: boolean
}

/**
 * The rows of the page, one at a time: `row(i, samples)` is the i-th case verdict of the
 * summary with its samples, then `removed()` the baseline's cases this run lacks.
 */
export class CaseRows {
  private readonly flips: Map<string, CaseFlip>
  private readonly added: Set<string>
  private readonly flaky: Set<string>
  private readonly base: Map<string, SampleRecord>

  constructor(private readonly input: CaseRowInput) {
    const c = input.comparison
    this.flips = new Map(c?.units.flatMap((u) => u.flipped.map((f) => [caseKey(f), f] as const)) ?? [])
    this.added = new Set(c?.cases.added.map(caseKey) ?? [])
    this.flaky = new Set(c?.flaky.map(caseKey) ?? [])
    this.base = new Map((input.baseSamples ?? []).map((s) => [sampleKey(s), s]))
  }

  get cases(): readonly CaseVerdict[] {
    return this.input.cases
  }

  /** The row of `cases[i]`, with its samples (in their stored order). */
  row(i: number, samples: readonly SampleRecord[]): CaseRow {
    const c = this.input.cases[i]!
    const { comparison } = this.input
    const key = caseKey(c)
    const flip = this.flips.get(key)
    const change: CaseChange = !comparison ? '' : flip ? flipChange(flip) : this.added.has(key) ? 'added' : 'same'
    return {
      id: `c${i}`,
      suite: c.suite,
      caseId: c.caseId,
      variant: c.variant,
      verdict: c.verdict,
      change,
      badge: flip ? `${change}: ${flip.from} → ${flip.to}` : change === 'added' ? 'added: not in the baseline' : '',
      flaky: (comparison ? this.flaky.has(key) : c.passed > 0 && c.failed > 0) ? '1' : '',
      counts: counts(c.passed, c.failed, c.errors),
      samples: samples.map((s) => sampleRow(s, this.base.get(sampleKey(s)), this.input.baseFromFile)),
    }
  }

  /** Cases only the baseline has: shown with the baseline's samples, marked removed. */
  removed(): CaseRow[] {
    const removed = this.input.comparison?.cases.removed ?? []
    if (removed.length === 0) return []
    const offset = this.input.cases.length
    const baseByCase = samplesByCase(this.input.baseSamples ?? [])
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
        samples: samples.map((s) => ({ ...sampleRow(s, undefined, this.input.baseFromFile), label: `baseline seed ${s.key.seed} #${s.key.resultIndex}` })),
      }
    })
  }

  /** Every row, from the run's samples in any order. */
  all(samples: readonly SampleRecord[]): CaseRow[] {
    const byCase = samplesByCase(samples)
    return [...this.input.cases.map((c, i) => this.row(i, byCase.get(caseKey(c)) ?? [])), ...this.removed()]
  }
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
