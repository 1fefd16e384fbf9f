import type { PassRule, SampleRecord } from '../core/index.js'
import { aggregateCases, type CaseVerdict, type SampleFigures } from './summary.js'

/**
 * Matching two runs: samples pair by (suite, case id, variant, seed, result index), cases by
 * (suite, case id, variant). Cases and variants present on one side only are listed, never
 * dropped silently.
 */

/** What compare needs to know about a suite of a run (from its stored config or a baseline file). */
export interface SuiteInfo {
  name: string
  pass: PassRule
  /** Variant names in definition order. */
  variants: readonly string[]
  /** Hash of the resolved suite: differs when its prompt, settings or cases changed. */
  hash?: string
}

/** A run (stored or from a baseline file) as compare sees it. */
export interface RunInput {
  id: string
  /** How to name it to a reader, e.g. `baseline main (run 20261128-004512-a3f9)`. */
  label: string
  provider: string
  model: string
  samples: readonly SampleRecord[]
  suites: readonly SuiteInfo[]
}

/** A run as its own figures need it (sweeps, case verdicts): samples may be slim copies. */
export type RunFigures = Omit<RunInput, 'samples'> & { samples: readonly SampleFigures[] }

export interface CaseRef {
  suite: string
  caseId: string
  variant: string
}

/** Counts of a paired table: both pass, pass → fail, fail → pass, both fail. */
export interface FlipTable {
  bothPass: number
  passToFail: number
  failToPass: number
  bothFail: number
}

/** A case matched across the two sides, with its per-case pass-rate difference (head − base). */
export interface PairedCase {
  caseId: string
  base: CaseVerdict
  head: CaseVerdict
  /** head pass rate − base pass rate; null when a side has no graded sample (errors only). */
  diff: number | null
}

/** The cases of one (suite, variant) on both sides. */
export interface UnitPairs {
  suite: string
  variant: string
  pairs: PairedCase[]
  added: CaseRef[]
  removed: CaseRef[]
}

export interface SampleFlips extends FlipTable {
  /** Samples present on both sides (same key). */
  paired: number
  /** Pairs where either side is an error (neither pass nor fail is counted for them). */
  withErrors: number
  onlyBase: number
  onlyHead: number
}

/** Pass rate of a case verdict's graded samples. */
export function casePassRate(c: Pick<CaseVerdict, 'passed' | 'failed'>): number | null {
  const graded = c.passed + c.failed
  return graded === 0 ? null : c.passed / graded
}

/** Case verdicts of a run by suite and variant, using each suite's pass rule. */
export function casesByUnit(run: Pick<RunFigures, 'suites' | 'samples'>): Map<string, Map<string, CaseVerdict>> {
  const rules = new Map(run.suites.map((s) => [s.name, s.pass]))
  const out = new Map<string, Map<string, CaseVerdict>>()
  for (const c of aggregateCases(run.samples, rules)) {
    const key = unitKey(c.suite, c.variant)
    let cases = out.get(key)
    if (!cases) out.set(key, (cases = new Map()))
    cases.set(c.caseId, c)
  }
  return out
}

export function unitKey(suite: string, variant: string): string {
  return `${suite}\u0000${variant}`
}

/** Pair the cases of two case sets (e.g. a unit of base and head, or two variants of one run). */
export function pairCases(
  suite: string,
  variant: string,
  base: ReadonlyMap<string, CaseVerdict>,
  head: ReadonlyMap<string, CaseVerdict>,
): UnitPairs {
  const pairs: PairedCase[] = []
  const removed: CaseRef[] = []
  for (const [caseId, b] of base) {
    const h = head.get(caseId)
    if (!h) {
      removed.push({ suite, caseId, variant })
      continue
    }
    const pb = casePassRate(b)
    const ph = casePassRate(h)
    pairs.push({ caseId, base: b, head: h, diff: pb === null || ph === null ? null : ph - pb })
  }
  const added = [...head.keys()].filter((id) => !base.has(id)).map((caseId) => ({ suite, caseId, variant }))
  return { suite, variant, pairs, added, removed }
}

/** The flip table of case verdicts (pairs with an `error` verdict on either side are left out). */
export function verdictFlips(pairs: readonly PairedCase[]): FlipTable {
  const table: FlipTable = { bothPass: 0, passToFail: 0, failToPass: 0, bothFail: 0 }
  for (const { base, head } of pairs) {
    if (base.verdict === 'error' || head.verdict === 'error') continue
    if (base.verdict === 'pass') table[head.verdict === 'pass' ? 'bothPass' : 'passToFail']++
    else table[head.verdict === 'pass' ? 'failToPass' : 'bothFail']++
  }
  return table
}

/** Sample-level pairing by the full sample key, with the flip table of the pairs. */
export function sampleFlips(base: readonly SampleRecord[], head: readonly SampleRecord[]): SampleFlips {
  const key = (s: SampleRecord): string =>
    [s.key.suite, s.key.caseId, s.key.variant, s.key.seed, s.key.resultIndex].join('\u0000')
  const baseByKey = new Map(base.map((s) => [key(s), s]))
  const out: SampleFlips = { paired: 0, withErrors: 0, onlyBase: 0, onlyHead: 0, bothPass: 0, passToFail: 0, failToPass: 0, bothFail: 0 }
  const seen = new Set<string>()
  for (const h of head) {
    const k = key(h)
    const b = baseByKey.get(k)
    if (!b) {
      out.onlyHead++
      continue
    }
    seen.add(k)
    out.paired++
    if (b.outcome === 'error' || h.outcome === 'error') out.withErrors++
    else if (b.outcome === 'pass') out[h.outcome === 'pass' ? 'bothPass' : 'passToFail']++
    else out[h.outcome === 'pass' ? 'failToPass' : 'bothFail']++
  }
  out.onlyBase = baseByKey.size - seen.size
  return out
}
