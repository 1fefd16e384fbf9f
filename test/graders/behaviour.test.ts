import { describe, expect, it } from 'vitest'
import { gradeOne } from './helpers.js'

const usage = { promptTokens: 20, completionTokens: 120, totalTokens: 140, thinkingTokens: 900 }

describe('finish-reason', () => {
  it.each([
    ['stop', 'stop', true],
    ['stop', 'length', false],
    [['stop', 'tool_calls'], 'tool_calls', true],
    [['stop', 'tool_calls'], 'content_filter', false],
  ])('%j with finishReason %s passes: %s', async (value, finishReason, pass) => {
    const grade = await gradeOne({ type: 'finish-reason', value }, 'x', {}, { finishReason })
    expect(grade).toMatchObject({ pass, score: pass ? 1 : 0 })
  })

  it('fails when the provider reported none, and says so', async () => {
    const grade = await gradeOne({ type: 'finish-reason', value: 'stop' }, 'x')
    expect(grade.reason).toBe('expected finishReason stop, found no finishReason reported')
  })
})

describe('cost', () => {
  it.each([
    [0.001, 0.0009, true],
    [0.001, 0.001, true],
    [0.001, 0.0011, false],
  ])('max $%s with cost $%s passes: %s', async (threshold, costUsd, pass) => {
    expect((await gradeOne({ type: 'cost', threshold }, 'x', {}, { costUsd })).pass).toBe(pass)
  })

  it('judges a cached sample by what it originally cost, not by its 0', async () => {
    const grade = await gradeOne({ type: 'cost', threshold: 0.001 }, 'x', {}, { costUsd: 0, cached: true, savedCostUsd: 0.004 })
    expect(grade.pass).toBe(false)
    expect(grade.reason).toBe('expected cost ≤ $0.001, found $0.004 (cached; original cost)')
  })

  it('fails without a reported cost', async () => {
    expect((await gradeOne({ type: 'cost', threshold: 1 }, 'x')).reason).toContain('no cost reported')
  })
})

describe('latency', () => {
  it.each([
    [500, 499.9, true],
    [500, 500, true],
    [500, 731.25, false],
  ])('max %s ms at %s ms passes: %s', async (threshold, latencyMs, pass) => {
    expect((await gradeOne({ type: 'latency', threshold }, 'x', {}, { latencyMs })).pass).toBe(pass)
  })

  it('never passes a cached sample, however fast it was first; the grade is recorded but not counted', async () => {
    const grade = await gradeOne({ type: 'latency', threshold: 10_000, weight: 2 }, 'x', {}, { latencyMs: 3, cached: true })
    expect(grade).toMatchObject({ pass: false, score: 0, weight: 0 })
    expect(grade.reason).toBe('not counted: expected latency ≤ 10000 ms, found a cached sample (no live latency was measured; run with --no-cache)')
  })

  it('fails when nothing was measured', async () => {
    expect((await gradeOne({ type: 'latency', threshold: 1 }, 'x')).pass).toBe(false)
  })
})

describe('tokens', () => {
  it.each([
    [{ maxThinking: 1000 }, true, 'thinking tokens ≤ 1000'],
    [{ maxThinking: 899 }, false, 'expected thinking tokens ≤ 899, found 900 thinking'],
    [{ maxCompletion: 120 }, true, 'completion tokens ≤ 120'],
    [{ maxCompletion: 100, maxThinking: 1000 }, false, 'expected completion tokens ≤ 100 and thinking tokens ≤ 1000, found 120 completion, 900 thinking'],
  ])('%j passes: %s', async (limits, pass, reason) => {
    const grade = await gradeOne({ type: 'tokens', ...limits }, 'x', {}, { usage })
    expect(grade).toMatchObject({ pass, reason })
  })

  it('fails without reported usage', async () => {
    expect((await gradeOne({ type: 'tokens', maxThinking: 1 }, 'x')).reason).toContain('no token usage reported')
  })
})
