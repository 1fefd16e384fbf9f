import { describe, expect, it } from 'vitest'
import {
  compareRuns, DEFAULT_GATE, taroneCount, type GatePolicy,
} from '../../src/compare/index.js'
import type { CaseHistoryRow } from '../../src/core/index.js'
import { cases, run } from './helpers.js'

const policy = (over: Partial<GatePolicy> = {}): GatePolicy => ({ ...DEFAULT_GATE, ...over })

describe('pairing and flips', () => {
  it('pairs cases by id, lists added and removed cases, and builds the flip table of case verdicts', () => {
    const base = run('a', { s: { default: { keep: 'PPPP', drop: 'PPPP', fix: 'FFFF', bad: 'FFFF', gone: 'PPPP' } } })
    const head = run('b', { s: { default: { keep: 'PPPP', drop: 'FFFF', fix: 'PPPP', bad: 'FFFF', fresh: 'PPPP' } } })
    const c = compareRuns(base, head, { policy: policy() })
    const u = c.units[0]!
    expect(u.analysis.flips).toEqual({ bothPass: 1, passToFail: 1, failToPass: 1, bothFail: 1 })
    expect(u.flipped.map((f) => [f.caseId, f.from, f.to])).toEqual([['drop', 'pass', 'fail'], ['fix', 'fail', 'pass']])
    expect(c.cases.added).toEqual([{ suite: 's', caseId: 'fresh', variant: 'default' }])
    expect(c.cases.removed).toEqual([{ suite: 's', caseId: 'gone', variant: 'default' }])
    expect(u.cases).toMatchObject({ paired: 4, added: 1, removed: 1 })
    expect(c.samples).toMatchObject({ paired: 16, onlyBase: 4, onlyHead: 4, passToFail: 4, failToPass: 4 })
  })

  it('lists suites and variants present on one side only, and flags a changed suite', () => {
    const base = run('a', { s: { low: cases(3, 'PP'), high: cases(3, 'PP') }, old: { default: cases(2, 'P') } })
    const head = run('b', { s: { low: cases(3, 'PP'), mid: cases(3, 'PP') }, fresh: { default: cases(2, 'P') } })
    head.suites[0]!.hash = 'changed'
    const c = compareRuns(base, head, { policy: policy() })
    expect(c.units.map((u) => `${u.suite}/${u.variant}`)).toEqual(['s/low'])
    expect(c.suites).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 's', status: 'compared', changed: true, variantsAdded: ['mid'], variantsRemoved: ['high'] }),
      expect.objectContaining({ name: 'fresh', status: 'added' }),
      expect.objectContaining({ name: 'old', status: 'removed' }),
    ]))
    expect(c.cases.added.map((r) => `${r.suite}/${r.variant}/${r.caseId}`)).toEqual(expect.arrayContaining(['s/mid/c0', 'fresh/default/c1']))
    expect(c.cases.removed.map((r) => `${r.suite}/${r.variant}/${r.caseId}`)).toEqual(expect.arrayContaining(['s/high/c2', 'old/default/c0']))
  })

  it('never counts errors as passes or fails: a case with errors only is paired but left out of the test', () => {
    const base = run('a', { s: { default: { ok: 'PPPP', flaky: 'PPEE', dead: 'PPPP' } } })
    const head = run('b', { s: { default: { ok: 'PPPP', flaky: 'PEEE', dead: 'EEEE' } } })
    const u = compareRuns(base, head, { policy: policy() }).units[0]!
    expect(u.cases.errorsOnly).toBe(1)
    expect(u.analysis.cases).toBe(2)
    expect(u.analysis.difference?.estimate).toBe(0)
    expect(u.head).toMatchObject({ samples: 12, passed: 5, failed: 0, errors: 7, passRate: 1 })
    expect(u.flipped).toEqual([expect.objectContaining({ caseId: 'dead', from: 'pass', to: 'error' })])
    expect(u.analysis.flips.passToFail).toBe(0)
  })
})

describe('gate decisions', () => {
  it('passes identical runs with a zero-width interval', () => {
    const r = run('a', { s: { default: cases(30, (i) => (i % 5 ? 'PPPP' : 'PPFF')) } })
    const c = compareRuns(r, { ...r, id: 'b' }, { policy: policy() })
    expect(c.gate).toMatchObject({ status: 'pass', failed: false })
    expect(c.units[0]!.analysis.difference).toMatchObject({ estimate: 0, lower: 0, upper: 0 })
    expect(c.units[0]!.analysis.minimumDetectableEffect).toBeGreaterThan(0)
  })

  it('calls a significant drop larger than maxDrop a regression, naming the flipped cases', () => {
    const base = run('a', { s: { default: cases(40, 'PPPP') } })
    const head = run('b', { s: { default: cases(40, (i) => (i < 8 ? 'FFFF' : 'PPPP')) } })
    const c = compareRuns(base, head, { policy: policy() })
    expect(c.gate).toMatchObject({ status: 'regression', failed: true })
    const u = c.units[0]!
    expect(u.analysis.difference!.estimate).toBeCloseTo(-0.2, 12)
    expect(u.analysis.difference!.pWorse).toBeCloseTo(2 ** -8, 12)
    expect(u.analysis.mcnemar.pValue).toBeCloseTo(2 * 2 ** -8, 12)
    expect(u.flipped.map((f) => f.caseId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'])
    expect(c.gate.reasons[0]).toMatch(/^s\/default: regression: pass rate fell 20\.0 pts/)
  })

  it('is inconclusive when too few cases changed to tell, and says how many cases would be needed', () => {
    const base = run('a', { s: { default: cases(15, 'PPPP') } })
    const head = run('b', { s: { default: cases(15, (i) => (i < 3 ? 'FFFF' : 'PPPP')) } })
    const c = compareRuns(base, head, { policy: policy() })
    const u = c.units[0]!
    expect(u.decision.status).toBe('inconclusive')
    expect(u.analysis.difference!.pWorse).toBeCloseTo(1 / 8, 12) // 3 cases can never be significant
    expect(u.decision.casesNeeded).toBeGreaterThan(15)
    expect(u.decision.reason).toMatch(/about \d+ cases would be needed \(have 15\)/)
    expect(c.gate).toMatchObject({ status: 'inconclusive', failed: false })
    expect(compareRuns(base, head, { policy: policy({ strict: true }) }).gate.failed).toBe(true)
  })

  it('does not call a significant drop smaller than maxDrop a regression', () => {
    const base = run('a', { s: { default: cases(400, 'PPPP') } })
    const head = run('b', { s: { default: cases(400, (i) => (i < 12 ? 'FFFF' : 'PPPP')) } })
    const u = compareRuns(base, head, { policy: policy({ maxDrop: 0.05 }) }).units[0]!
    expect(u.analysis.difference!.pWorse).toBeLessThan(0.001)
    expect(u.decision.status).toBe('pass') // −3 pts, and the interval excludes −5 pts
    expect(compareRuns(base, head, { policy: policy({ maxDrop: 0.02 }) }).units[0]!.decision.status).toBe('regression')
  })

  it('applies per-suite overrides and reports absolute floor breaches', () => {
    const base = run('a', { s: { default: cases(40, 'PPPP') }, t: { default: cases(40, 'PPPF') } })
    const head = run('b', { s: { default: cases(40, (i) => (i < 8 ? 'FFFF' : 'PPPP')) }, t: { default: cases(40, 'PPPF') } })
    const c = compareRuns(base, head, { policy: policy({ minPassRate: 0.8, suites: new Map([['s', { maxDrop: 0.5 }]]) }) })
    expect(c.units.map((u) => u.decision.status)).toEqual(['pass', 'pass']) // a 20-pt drop is within s's maxDrop of 50 pts
    expect(c.units[0]!.settings.maxDrop).toBe(0.5)
    expect(compareRuns(base, head, { policy: policy() }).units[0]!.decision.status).toBe('regression')
    expect(c.gate.breaches).toEqual(['suite t: pass rate 75.0% is below gate.minPassRate 80.0%'])
    expect(c.gate.failed).toBe(true)
  })

  it('gives the same numbers when run twice (seeded resampling)', () => {
    const base = run('a', { s: { default: cases(50, (i) => ['PPPF', 'PPFF', 'PPPP'][i % 3]!) } })
    const head = run('b', { s: { default: cases(50, (i) => ['PPFF', 'PPPP', 'PFFF'][i % 3]!) } })
    expect(JSON.stringify(compareRuns(base, head, { policy: policy() }))).toBe(JSON.stringify(compareRuns(base, head, { policy: policy() })))
  })
})

describe('multiple comparisons (Tarone 1990)', () => {
  it('does not let units that cannot reach significance dilute the others', () => {
    expect(taroneCount([{ minAttainableP: 2 ** -8, alpha: 0.025 }, ...Array(6).fill({ minAttainableP: 1, alpha: 0.025 })])).toBe(1)
    expect(taroneCount(Array(4).fill({ minAttainableP: 1e-6, alpha: 0.025 }))).toBe(4)
    expect(taroneCount([])).toBe(1)
  })

  it('splits the level over the units that changed', () => {
    const changed = (n: number) => cases(60, (i) => (i < n ? 'FFFF' : 'PPPP'))
    const base = run('a', { s: { default: cases(60, 'PPPP') }, t: { default: cases(60, 'PPPP') }, u: { default: cases(60, 'PPPP') } })
    const head = run('b', { s: { default: changed(20) }, t: { default: changed(20) }, u: { default: cases(60, 'PPPP') } })
    const c = compareRuns(base, head, { policy: policy() })
    expect(c.units.map((u) => u.settings.unitConfidence)).toEqual([0.975, 0.975, 0.975])
  })
})

describe('flakiness', () => {
  const history = (rows: Array<[string, string, number, number, string?]>): CaseHistoryRow[] =>
    rows.map(([runId, caseId, passed, failed, fp]) => ({ runId, suite: 's', caseId, variant: 'default', passed, failed, errors: 0, fingerprint: fp ?? 'same' }))

  it('flags cases whose samples disagree in the base and cases whose verdict flipped across history', () => {
    const base = run('a', { s: { default: { steady: 'PPPP', split: 'PPPF', flipper: 'PPPP' } } })
    const c = compareRuns(base, { ...base, id: 'b' }, {
      policy: policy(),
      history: history([['r1', 'flipper', 4, 0], ['r2', 'flipper', 0, 4], ['r3', 'flipper', 4, 0], ['r1', 'steady', 4, 0], ['r2', 'steady', 4, 0]]),
    })
    expect(c.flaky.map((f) => [f.caseId, f.flipRate])).toEqual([['flipper', 1], ['split', 0.25]])
    expect(c.flaky[0]).toMatchObject({ historyRuns: 3, historyFlips: 2, historyFlipRate: 1, sampleDisagreement: null })
  })

  it('does not count a verdict change between runs that sent different requests (a prompt edit) as a flip', () => {
    const base = run('a', { s: { default: { edited: 'PPPP' } } })
    const c = compareRuns(base, base, { policy: policy(), history: history([['r1', 'edited', 0, 4, 'old'], ['r2', 'edited', 4, 0, 'new']]) })
    expect(c.flaky).toEqual([])
  })

  it('reports flaky flips apart and can leave flaky cases out of the test', () => {
    const base = run('a', { s: { default: { ...cases(30, 'PPPP'), ...cases(8, 'PPPF', 'shaky') } } })
    const head = run('b', { s: { default: { ...cases(30, 'PPPP'), ...cases(8, 'FFFF', 'shaky') } } })
    const kept = compareRuns(base, head, { policy: policy() }).units[0]!
    expect(kept.decision.status).toBe('regression')
    expect(kept.flipped.every((f) => f.flaky)).toBe(true)
    const excluded = compareRuns(base, head, { policy: policy({ excludeFlaky: true }) }).units[0]!
    expect(excluded.cases.excludedFlaky).toBe(8)
    expect(excluded.analysis.cases).toBe(30)
    expect(excluded.decision.status).toBe('pass')
  })
})
