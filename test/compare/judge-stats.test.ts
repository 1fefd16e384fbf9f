import { describe, expect, it } from 'vitest'
import type { Grade, SampleRecord } from '../../src/core/index.js'
import { aggregateCases, judgeStats, summarizeSamples } from '../../src/compare/index.js'

function sample(caseId: string, resultIndex: number, outcome: SampleRecord['outcome'], grades: Grade[] = [], costUsd = 0.001): SampleRecord {
  return {
    key: { suite: 's', caseId, variant: 'default', seed: 1, resultIndex },
    requestHash: 'h', outcome, attempts: 1, grades, costUsd, latencyMs: 10,
  }
}

function judged(costUsd: number, latencyMs: number, calls = 1, agreement = 1): Grade {
  return {
    type: 'llm-rubric', pass: true, score: 1, reason: '', weight: 1,
    judge: { model: 'm', calls, agreement, costUsd, latencyMs, usage: { promptTokens: 100, completionTokens: 10, totalTokens: 110, thinkingTokens: 50 } },
  }
}

describe('judge figures', () => {
  it('sums the judge apart from the system under test', () => {
    const samples = [
      sample('a', 0, 'pass', [judged(0.01, 5), judged(0.02, 7, 3, 2 / 3)]),
      sample('a', 1, 'fail', [judged(0.03, 9, 3, 1)]),
      sample('b', 0, 'pass'),
    ]
    const stats = judgeStats(samples)
    expect(stats).toEqual({
      grades: 3, calls: 7, costUsd: expect.closeTo(0.06, 12), promptTokens: 300, completionTokens: 30, thinkingTokens: 150,
      latencyP50Ms: 7, latencyP95Ms: 9, meanAgreement: expect.closeTo(5 / 6, 12),
    })
    const summary = summarizeSamples(samples, new Map())
    expect(summary.totals.costUsd).toBeCloseTo(0.003, 12)
    expect(summary.totals.judge.costUsd).toBeCloseTo(0.06, 12)
    expect(summary.suites[0]!.judge.grades).toBe(3)
  })

  it('is all zeros without a judge', () => {
    expect(judgeStats([sample('a', 0, 'pass')])).toMatchObject({ grades: 0, calls: 0, costUsd: 0, latencyP50Ms: null, meanAgreement: null })
  })
})

describe('case verdicts keep the per-case pass rate', () => {
  const samples = [sample('a', 0, 'pass'), sample('a', 1, 'fail'), sample('a', 2, 'pass'), sample('a', 3, 'error'), sample('b', 0, 'error')]

  it.each([
    [{ rule: 'all' } as const, 'fail'],
    [{ rule: 'any' } as const, 'pass'],
    [{ rule: 'majority' } as const, 'pass'],
    [{ rule: 'atLeast', n: 3 } as const, 'fail'],
  ])('%j gives %s with pass rate 2/3', (rule, verdict) => {
    const [a, b] = aggregateCases(samples, new Map([['s', rule]]))
    expect(a).toMatchObject({ caseId: 'a', verdict, passed: 2, failed: 1, errors: 1, passRate: 2 / 3 })
    expect(b).toMatchObject({ caseId: 'b', verdict: 'error', passRate: null })
  })
})
