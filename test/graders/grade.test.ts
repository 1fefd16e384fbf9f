import { describe, expect, it } from 'vitest'
import type { ResolvedAssertion } from '../../src/config/assertions.js'
import type { Grade } from '../../src/core/index.js'
import { createGrader, scoreSample } from '../../src/graders/index.js'
import { context } from './helpers.js'

function grade(pass: boolean, weight = 1, score = pass ? 1 : 0): Grade {
  return { type: 'contains', pass, score, reason: '', weight }
}

describe('gradeSample', () => {
  it('returns one grade per assertion, in order, with type and weight', async () => {
    const assertions = [
      { type: 'icontains', value: '{{city}}', weight: 2 },
      { type: 'not-contains', value: 'Lyon', weight: 1 },
      { type: 'is-json', weight: 0 },
      { type: 'regex', value: '[', weight: 1 },
    ] as ResolvedAssertion[]
    const { grades } = await createGrader().gradeSample(assertions, context('Paris', { city: 'paris' }))
    expect(grades.map((g) => [g.type, g.pass, g.score, g.weight])).toEqual([
      ['icontains', true, 1, 2],
      ['not-contains', true, 1, 1],
      ['is-json', false, 0, 0],
      ['regex', false, 0, 1],
    ])
  })

  it('never throws: an unknown type becomes a failing grade', async () => {
    const { grades, error } = await createGrader().gradeSample([{ type: 'no-such-type', weight: 1 } as unknown as ResolvedAssertion], context('x'))
    expect(grades).toEqual([
      { type: 'no-such-type', pass: false, score: 0, reason: 'grader error: unknown assertion type "no-such-type"', weight: 1 },
    ])
    expect(error).toBeUndefined()
  })

  it('grades an empty assertion list as no grades', async () => {
    expect(await createGrader().gradeSample([], context('x'))).toEqual({ grades: [] })
  })
})

describe('scoreSample', () => {
  it.each<[string, Grade[], number, number, boolean]>([
    ['no grades', [], 1, 1, true],
    ['only weight-0 grades', [grade(false, 0)], 1, 1, true],
    ['all pass, threshold 1', [grade(true), grade(true)], 1, 1, true],
    ['one fails, threshold 1', [grade(true), grade(false)], 1, 0.5, false],
    ['weight 0 failure not counted', [grade(true), grade(false, 0)], 1, 1, true],
    ['weighted mean reaches threshold', [grade(true, 3), grade(false, 1)], 0.75, 0.75, true],
    ['weighted mean below threshold', [grade(true, 1), grade(false, 3)], 0.5, 0.25, false],
    ['float noise tolerated', [grade(true, 1), grade(true, 1), grade(false, 1)], 2 / 3, 2 / 3, true],
    ['partial scores', [grade(true, 1, 0.8), grade(false, 1, 0.4)], 0.6, 0.6, true],
    ['threshold 1 needs every pass even at score 1', [grade(false, 1, 1)], 1, 1, false],
    ['threshold 0 always passes', [grade(false)], 0, 0, true],
  ])('%s', (_name, grades, threshold, score, pass) => {
    const result = scoreSample(grades, threshold)
    expect(result.score).toBeCloseTo(score, 12)
    expect(result.pass).toBe(pass)
  })

  it('passes 0.7 + 0.2 + 0.1 against threshold 1.0 only by grade passes', () => {
    const grades = [grade(true, 0.7), grade(true, 0.2), grade(true, 0.1)]
    expect(scoreSample(grades, 1)).toEqual({ score: expect.closeTo(1, 12), pass: true })
  })
})
