import type { Outcome, SampleRecord } from '../core/index.js'
import type { CaseVerdict } from './summary.js'
import {
  casesByUnit, pairCases, sampleFlips, unitKey, type CaseRef, type PairedCase, type RunInput, type SampleFlips, type SuiteInfo, type UnitPairs,
} from './pairing.js'
import { analysePairs, type PairedAnalysis } from './paired.js'
import type { CaseHistoryRow } from '../core/index.js'
import { caseKey, findFlaky, type FlakyCase } from './flaky.js'
import { adjustedConfidence, decideUnit, gateSettingsFor, taroneCount, type GatePolicy, type GateSettings, type UnitDecision } from './gate.js'
import { gateVerdict, type GateVerdict } from './gate-verdict.js'
import { wilsonInterval, type Interval } from './stats.js'

/**
 * A paired comparison of two runs (base → head): per (suite, variant) figures, flips, the
 * paired statistics and the gate's verdict. Everything a report needs, as plain data.
 */

export interface RunRef {
  id: string
  label: string
  provider: string
  model: string
}

/** Sample counts of one side with the pass rate and its Wilson interval. */
export interface RateSummary {
  samples: number
  passed: number
  failed: number
  errors: number
  passRate: number | null
  interval: Interval | null
}

export interface CaseFlip extends CaseRef {
  from: Outcome
  to: Outcome
  base: { passed: number; failed: number; errors: number }
  head: { passed: number; failed: number; errors: number }
  /** head − base pass rate of the case (null when a side has errors only). */
  diff: number | null
  flaky: boolean
}

export interface UnitComparison {
  suite: string
  variant: string
  settings: GateSettings & { unitConfidence: number }
  base: RateSummary
  head: RateSummary
  cases: { paired: number; excludedFlaky: number; errorsOnly: number; added: number; removed: number }
  /** Cases whose verdict changed, pass → fail first, biggest drops first. */
  flipped: CaseFlip[]
  analysis: PairedAnalysis
  decision: UnitDecision
}

export interface SuiteChange {
  name: string
  status: 'compared' | 'added' | 'removed'
  /** Whether the suite's prompt, settings or cases changed (null when unknown). */
  changed: boolean | null
  variantsAdded: string[]
  variantsRemoved: string[]
}

export interface Comparison {
  base: RunRef
  head: RunRef
  units: UnitComparison[]
  suites: SuiteChange[]
  cases: { added: CaseRef[]; removed: CaseRef[] }
  samples: SampleFlips
  flaky: FlakyCase[]
  gate: GateVerdict
}

export interface CompareOptions {
  policy: GatePolicy
  /** Past runs of the compared suites (oldest first, the head excluded), for flakiness. */
  history?: readonly CaseHistoryRow[]
}

export function compareRuns(base: RunInput, head: RunInput, options: CompareOptions): Comparison {
  const baseCases = casesByUnit(base)
  const headCases = casesByUnit(head)
  const unitKeys = orderedUnits(head.suites, headCases).filter((k) => baseCases.has(k))
  const rules = new Map(base.suites.map((s) => [s.name, s.pass]))
  const flaky = findFlaky([...baseCases.values()].flatMap((m) => [...m.values()]), options.history ?? [], rules)
  const flakyKeys = new Set(flaky.map(caseKey))
  const prepared = unitKeys.map((key) => {
    const [suite, variant] = key.split('\u0000') as [string, string]
    return prepareUnit(suite, variant, gateSettingsFor(options.policy, suite), baseCases.get(key)!, headCases.get(key)!, flakyKeys)
  })
  const k = taroneCount(prepared.map((u) => ({ minAttainableP: u.minAttainableP, alpha: (1 - u.settings.confidence) / 2 })))
  const compared = prepared.map((u) => compareUnit(u, adjustedConfidence(u.settings.confidence, k), base.samples, head.samples))
  const units = compared.map((c) => c.unit)
  const comparedKeys = new Set(unitKeys)
  return {
    base: runRef(base),
    head: runRef(head),
    units,
    suites: suiteChanges(base.suites, head.suites, baseCases, headCases),
    cases: {
      added: [...compared.flatMap((c) => c.added), ...unitsOnlyIn(headCases, comparedKeys)],
      removed: [...compared.flatMap((c) => c.removed), ...unitsOnlyIn(baseCases, comparedKeys)],
    },
    samples: sampleFlips(base.samples, head.samples),
    flaky,
    gate: gateVerdict(units, head.samples, options.policy),
  }
}

/** A unit's pairs before testing: what the multiple-comparison adjustment needs to know. */
interface PreparedUnit {
  suite: string
  variant: string
  settings: GateSettings
  pairs: UnitPairs
  tested: PairedCase[]
  flipped: CaseFlip[]
  minAttainableP: number
}

function prepareUnit(
  suite: string,
  variant: string,
  settings: GateSettings,
  base: ReadonlyMap<string, CaseVerdict>,
  head: ReadonlyMap<string, CaseVerdict>,
  flakyKeys: ReadonlySet<string>,
): PreparedUnit {
  const pairs = pairCases(suite, variant, base, head)
  const isFlaky = (caseId: string): boolean => flakyKeys.has(caseKey({ suite, caseId, variant }))
  const tested = settings.excludeFlaky ? pairs.pairs.filter((p) => !isFlaky(p.caseId)) : pairs.pairs
  const flipped: CaseFlip[] = pairs.pairs
    .filter((p) => p.base.verdict !== p.head.verdict)
    .map((p) => ({
      suite, variant, caseId: p.caseId, from: p.base.verdict, to: p.head.verdict,
      base: counts(p.base), head: counts(p.head), diff: p.diff, flaky: isFlaky(p.caseId),
    }))
    .sort((a, b) => flipRank(a) - flipRank(b) || (a.diff ?? 0) - (b.diff ?? 0) || (a.caseId < b.caseId ? -1 : 1))
  const changed = tested.filter((p) => p.diff !== null && p.diff !== 0).length
  return { suite, variant, settings, pairs, tested, flipped, minAttainableP: 2 ** -changed }
}

interface ComparedUnit {
  unit: UnitComparison
  added: CaseRef[]
  removed: CaseRef[]
}

function compareUnit(u: PreparedUnit, unitConfidence: number, baseSamples: readonly SampleRecord[], headSamples: readonly SampleRecord[]): ComparedUnit {
  const { suite, variant, pairs, tested } = u
  const analysis = analysePairs(tested, { confidence: unitConfidence, seed: unitKey(suite, variant) })
  const inUnit = (s: SampleRecord): boolean => s.key.suite === suite && s.key.variant === variant
  const unit: UnitComparison = {
    suite,
    variant,
    settings: { ...u.settings, unitConfidence },
    base: rateSummary(baseSamples.filter(inUnit), u.settings.confidence),
    head: rateSummary(headSamples.filter(inUnit), u.settings.confidence),
    cases: {
      paired: pairs.pairs.length,
      excludedFlaky: pairs.pairs.length - tested.length,
      errorsOnly: pairs.pairs.filter((p) => p.diff === null).length,
      added: pairs.added.length,
      removed: pairs.removed.length,
    },
    flipped: u.flipped,
    analysis,
    decision: decideUnit(analysis, u.settings.maxDrop, unitConfidence),
  }
  return { unit, added: pairs.added, removed: pairs.removed }
}

function flipRank(f: CaseFlip): number {
  return f.from === 'pass' && f.to === 'fail' ? 0 : f.to === 'error' || f.from === 'error' ? 2 : 1
}

function counts(c: CaseVerdict): CaseFlip['base'] {
  return { passed: c.passed, failed: c.failed, errors: c.errors }
}

export function rateSummary(samples: readonly SampleRecord[], confidence = 0.95): RateSummary {
  const passed = samples.filter((s) => s.outcome === 'pass').length
  const failed = samples.filter((s) => s.outcome === 'fail').length
  const graded = passed + failed
  return {
    samples: samples.length,
    passed,
    failed,
    errors: samples.length - graded,
    passRate: graded ? passed / graded : null,
    interval: wilsonInterval(passed, graded, confidence),
  }
}

function runRef(run: RunInput): RunRef {
  return { id: run.id, label: run.label, provider: run.provider, model: run.model }
}

/** Unit keys in the head's definition order, then any others in the order met. */
function orderedUnits(suites: readonly SuiteInfo[], cases: ReadonlyMap<string, unknown>): string[] {
  const declared = suites.flatMap((s) => s.variants.map((v) => unitKey(s.name, v))).filter((k) => cases.has(k))
  return [...new Set([...declared, ...cases.keys()])]
}

/** Every case of the units that only one side has. */
function unitsOnlyIn(side: ReadonlyMap<string, ReadonlyMap<string, CaseVerdict>>, compared: ReadonlySet<string>): CaseRef[] {
  return [...side].filter(([key]) => !compared.has(key))
    .flatMap(([, cases]) => [...cases.values()].map(({ suite, caseId, variant }) => ({ suite, caseId, variant })))
}

function suiteChanges(
  base: readonly SuiteInfo[],
  head: readonly SuiteInfo[],
  baseCases: ReadonlyMap<string, unknown>,
  headCases: ReadonlyMap<string, unknown>,
): SuiteChange[] {
  const variantsOf = (cases: ReadonlyMap<string, unknown>, suite: string): string[] =>
    [...cases.keys()].filter((k) => k.startsWith(`${suite}\u0000`)).map((k) => k.slice(suite.length + 1))
  const names = [...new Set([...head.map((s) => s.name), ...base.map((s) => s.name)])]
  return names.flatMap((name): SuiteChange[] => {
    const bv = variantsOf(baseCases, name)
    const hv = variantsOf(headCases, name)
    if (bv.length === 0 && hv.length === 0) return []
    const b = base.find((s) => s.name === name)
    const h = head.find((s) => s.name === name)
    const status = bv.length === 0 ? 'added' : hv.length === 0 ? 'removed' : 'compared'
    const changed = b?.hash && h?.hash ? b.hash !== h.hash : null
    return [{ name, status, changed, variantsAdded: hv.filter((v) => !bv.includes(v)), variantsRemoved: bv.filter((v) => !hv.includes(v)) }]
  })
}
