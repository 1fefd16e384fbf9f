import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import type { SampleRecord } from '../../src/core/index.js'
import { compareRuns, DEFAULT_GATE, type GateStatus, type RunInput } from '../../src/compare/index.js'

/**
 * Does the gate cry wolf, and does it catch a real drop? A seeded in-process model of the
 * emulator's draw (a sample is right iff a uniform draw u < the case's accuracy, and u depends
 * on the seed) stands in for the emulator, so hundreds of comparisons take a second.
 *
 * Cases differ in difficulty as real ones do: a third always right, most mostly right, some hard.
 */
const CASES = 200
const SAMPLES = 4
const TRIALS = 200

type Rng = () => number

function caseAccuracies(rng: Rng): number[] {
  return Array.from({ length: CASES }, () => {
    const u = rng()
    if (u < 0.3) return 1
    if (u < 0.85) return 0.6 + 0.4 * rng()
    return 0.2 + 0.4 * rng()
  })
}

/** One run: SAMPLES draws per case with seeds of its own. */
function run(id: string, accuracies: readonly number[], rng: Rng): RunInput {
  const samples: SampleRecord[] = []
  accuracies.forEach((accuracy, i) => {
    for (let s = 0; s < SAMPLES; s++) {
      samples.push({
        key: { suite: 'sim', caseId: `case-${i}`, variant: 'default', seed: s, resultIndex: 0 },
        requestHash: '',
        outcome: rng() < accuracy ? 'pass' : 'fail',
        attempts: 1,
        grades: [],
      })
    }
  })
  return { id, label: id, provider: 'model', model: 'model', samples, suites: [{ name: 'sim', pass: { rule: 'majority' }, variants: ['default'] }] }
}

function trial(seed: string, headAccuracies: (base: number[], rng: Rng) => number[]): GateStatus {
  const rng = seedrandom(seed)
  const accuracies = caseAccuracies(rng)
  const base = run('base', accuracies, rng)
  const head = run('head', headAccuracies(accuracies, rng), rng)
  return compareRuns(base, head, { policy: DEFAULT_GATE }).gate.status
}

function rates(statuses: readonly GateStatus[]): Record<GateStatus, number> {
  const out: Record<GateStatus, number> = { pass: 0, regression: 0, inconclusive: 0 }
  for (const s of statuses) out[s]++
  for (const k of Object.keys(out) as GateStatus[]) out[k] /= statuses.length
  return out
}

/** Lower each case's accuracy by a share of `drop` so that the mean falls by exactly `drop` (no clamping). */
function diffuseDrop(drop: number) {
  return (acc: number[]): number[] => {
    const mean = acc.reduce((a, b) => a + b, 0) / acc.length
    return acc.map((a) => a * (1 - drop / mean))
  }
}

/** A fifth of the cases break: their accuracy falls by half (a mean drop of exactly 10 points). */
function brokenFifth(acc: number[], rng: Rng): number[] {
  const order = acc.map((a, i) => ({ i, key: rng() })).filter(({ i }) => acc[i]! >= 0.5).sort((a, b) => a.key - b.key)
  const broken = new Set(order.slice(0, CASES / 5).map(({ i }) => i))
  return acc.map((a, i) => (broken.has(i) ? a - 0.5 : a))
}

describe(`gate simulation: ${CASES} cases × ${SAMPLES} samples, ${TRIALS} trials each, default gate (confidence 0.95, maxDrop 5 pts)`, () => {
  it('calls an A/A comparison (same suite, different seeds) a regression in at most 5% of trials', () => {
    const r = rates(Array.from({ length: TRIALS }, (_, t) => trial(`aa-${t}`, (acc) => acc)))
    console.log(`A/A: regression ${(r.regression * 100).toFixed(1)}%, inconclusive ${(r.inconclusive * 100).toFixed(1)}%, pass ${(r.pass * 100).toFixed(1)}%`)
    expect(r.regression).toBeLessThanOrEqual(0.05)
  })

  it('calls a planted 10-point drop spread over every case a regression in at least 80% of trials', () => {
    const r = rates(Array.from({ length: TRIALS }, (_, t) => trial(`diffuse-${t}`, diffuseDrop(0.1))))
    console.log(`diffuse 10-pt drop: regression ${(r.regression * 100).toFixed(1)}%, inconclusive ${(r.inconclusive * 100).toFixed(1)}%`)
    expect(r.regression).toBeGreaterThanOrEqual(0.8)
  })

  it('calls a planted 10-point drop from a fifth of the cases breaking a regression in at least 80% of trials', () => {
    const r = rates(Array.from({ length: TRIALS }, (_, t) => trial(`fifth-${t}`, brokenFifth)))
    console.log(`a fifth broken (10-pt drop): regression ${(r.regression * 100).toFixed(1)}%, inconclusive ${(r.inconclusive * 100).toFixed(1)}%`)
    expect(r.regression).toBeGreaterThanOrEqual(0.8)
  })

  it('rarely calls a 2-point drop (under half of maxDrop) a regression', () => {
    const r = rates(Array.from({ length: 50 }, (_, t) => trial(`small-${t}`, diffuseDrop(0.02))))
    console.log(`diffuse 2-pt drop: regression ${(r.regression * 100).toFixed(1)}%, pass ${(r.pass * 100).toFixed(1)}%`)
    expect(r.regression).toBeLessThanOrEqual(0.1)
  })
})
