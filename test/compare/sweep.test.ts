import { describe, expect, it } from 'vitest'
import { markDominated, sweepRun } from '../../src/compare/index.js'
import { cases, run, sample } from './helpers.js'

const variant = (name: string, passRate: number, costPerSample: number, latencyP50Ms: number) => ({
  name, samples: 10, passed: 0, failed: 0, errors: 0, passRate, interval: null, costPerSample, costPerPass: null,
  latencyP50Ms, latencyP95Ms: null, meanThinkingTokens: null,
})

describe('sweeps', () => {
  it('marks a variant dominated when another is at least as good on pass rate, cost and latency and better on one', () => {
    const marked = markDominated([
      variant('off', 0.6, 1, 10), variant('low', 0.8, 2, 20), variant('medium', 0.8, 3, 30), variant('high', 0.9, 4, 40),
    ])
    expect(marked.map((v) => [v.name, v.dominatedBy])).toEqual([['off', null], ['low', null], ['medium', 'low'], ['high', null]])
  })

  it('summarises each variant and pairs neighbouring variants on their shared cases', () => {
    const r = run('r', { levels: { low: cases(12, 'PFFF'), mid: cases(12, 'PPFF'), high: cases(12, 'PPPP') }, single: { default: cases(3, 'P') } })
    r.samples = r.samples.map((s) => ({ ...s, costUsd: s.key.variant === 'high' ? 0.004 : 0.001, latencyMs: 10, usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2, thinkingTokens: 100 } }))
    const [sweep, ...rest] = sweepRun(r)
    expect(rest).toEqual([])
    expect(sweep!.suite).toBe('levels')
    const low = sweep!.variants[0]!
    expect(low).toMatchObject({ name: 'low', samples: 48, passed: 12, passRate: 0.25, meanThinkingTokens: 100 })
    expect(low.costPerSample).toBeCloseTo(0.001, 12)
    expect(low.costPerPass).toBeCloseTo(0.004, 12)
    expect(low.interval!.lower).toBeLessThan(0.25)
    expect(low.dominatedBy).toBe('mid')
    expect(sweep!.steps.map((s) => `${s.from}->${s.to}`)).toEqual(['low->mid', 'mid->high'])
    const step = sweep!.steps[0]!.analysis
    expect(step.cases).toBe(12)
    expect(step.difference!.estimate).toBeCloseTo(0.25, 12)
    expect(step.difference!.pValue).toBeCloseTo(2 * 2 ** -12, 12)
  })

  it('counts a cached sample at what it cost when made', () => {
    const r = run('r', { s: { a: cases(2, 'PP'), b: cases(2, 'PP') } })
    r.samples = r.samples.map((s) => ({ ...s, costUsd: 0, cached: true, savedCostUsd: s.key.variant === 'a' ? 0.002 : 0.001 }))
    const [sweep] = sweepRun(r)
    expect(sweep!.variants.map((v) => v.costPerSample)).toEqual([0.002, 0.001])
    expect(sweep!.variants[0]!.dominatedBy).toBe('b')
  })

  it('skips variants without samples', () => {
    const r = run('r', { s: { a: cases(2, 'P') } })
    r.suites = [{ name: 's', pass: { rule: 'majority' }, variants: ['a', 'b'] }]
    r.samples = [...r.samples, sample('s', 'c0', 'zzz', 1, 'P')]
    expect(sweepRun(r)).toEqual([])
  })
})
