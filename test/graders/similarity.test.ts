import { describe, expect, it } from 'vitest'
import { similarityOf } from '../../src/graders/index.js'
import { gradeOne } from './helpers.js'

describe('similarity', () => {
  it.each([
    ['Paris', 'Paris', 1],
    ['Paris', 'paris', 0.8],
    ['kitten', 'sitting', 1 - 3 / 7],
    ['', '', 1],
    ['abc', '', 0],
    ['  Brasília \n', 'Brasília', 1],
    ['😀a', '😀b', 0.5], // code points, not UTF-16 units
  ])('%j vs %j is %s', (a, b, expected) => {
    expect(similarityOf(a, b)).toBeCloseTo(expected, 12)
  })

  it('ignores case when asked', () => {
    expect(similarityOf('PARIS', 'paris', true)).toBe(1)
  })

  it('scores the grade with the similarity and passes at the threshold', async () => {
    const near = await gradeOne({ type: 'similarity', value: '{{expected}}', threshold: 0.8 }, 'Pariss', { expected: 'Paris' })
    expect(near).toMatchObject({ pass: true, score: 1 - 1 / 6 })
    const far = await gradeOne({ type: 'similarity', value: 'Canberra', threshold: 0.8 }, 'Sydney')
    expect(far.pass).toBe(false)
    expect(far.score).toBeCloseTo(1 - 7 / 8, 12)
    expect(far.reason).toBe('expected similarity ≥ 0.8 to "Canberra", found 0.125 for "Sydney"')
  })
})
