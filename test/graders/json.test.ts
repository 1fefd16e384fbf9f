import { describe, expect, it } from 'vitest'
import type { ResolvedAssertion } from '../../src/config/assertions.js'
import { createGrader } from '../../src/graders/index.js'
import { context, gradeOne } from './helpers.js'

const person = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
  required: ['name', 'age'],
  additionalProperties: false,
}

describe('is-json', () => {
  it.each([
    ['{"a": 1}', true],
    ['  [1, 2, 3]\n', true],
    ['"text"', true],
    ['42', true],
    ['{a: 1}', false],
    ['', false],
    ['```json\n{"a": 1}\n```', false], // strict: no fence stripping
    ['{"a": 1} trailing', false],
  ])('%j is JSON: %s', async (output, pass) => {
    expect(await gradeOne({ type: 'is-json' }, output)).toMatchObject({ pass, score: pass ? 1 : 0 })
    expect(await gradeOne({ type: 'not-is-json' }, output)).toMatchObject({ pass: !pass, score: pass ? 0 : 1 })
  })

  it('says why the output is not JSON', async () => {
    const grade = await gradeOne({ type: 'is-json' }, 'not json at all')
    expect(grade.reason).toMatch(/^expected valid JSON, found .*JSON.* in "not json at all"$/)
  })
})

describe('json-schema', () => {
  it.each([
    ['{"name": "Ada", "age": 36}', true, undefined],
    ['{"name": "Ada", "age": -1}', false, '/age must be >= 0'],
    ['{"name": "Ada", "age": "36"}', false, '/age must be integer'],
    ['{"name": "Ada"}', false, "/ must have required property 'age'"],
    ['{"name": 1, "age": 1.5, "x": true}', false, '/name must be string'],
    ['[1]', false, '/ must be object'],
    ['{"name": "Ada", "age": ', false, 'invalid JSON'],
  ])('%j passes: %s', async (output, pass, reasonPart) => {
    const grade = await gradeOne({ type: 'json-schema', value: person }, output)
    expect(grade).toMatchObject({ pass, score: pass ? 1 : 0 })
    if (reasonPart) expect(grade.reason).toContain(reasonPart)
  })

  it('lists at most three schema errors', async () => {
    const grade = await gradeOne({ type: 'json-schema', value: person }, '{"name": 1, "age": 1.5, "x": true, "y": 2}')
    expect(grade.reason).toMatch(/^expected JSON matching the schema, found (.+?; ){2}[^;]+ \(\+\d+ more\)$/)
  })

  it('validates draft 2020-12 schemas', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'number' }],
    }
    expect((await gradeOne({ type: 'json-schema', value: schema }, '["a", 1]')).pass).toBe(true)
    expect((await gradeOne({ type: 'json-schema', value: schema }, '[1, "a"]')).reason).toContain('/0 must be string')
  })

  it('reports an invalid schema as a failing grade', async () => {
    const grade = await gradeOne({ type: 'json-schema', value: { type: 'no-such-type' } }, '{}')
    expect(grade).toMatchObject({ pass: false, score: 0 })
    expect(grade.reason).toMatch(/^grader error: schema is invalid/)
  })

  it('reuses compiled schemas, also equal schemas with the same $id', async () => {
    const grader = createGrader()
    const schema = () => ({ $id: 'https://example.com/person', ...person })
    const assertions = [schema(), schema(), person].map((value) => ({ type: 'json-schema', value, weight: 1 }))
    const { grades } = await grader.gradeSample(assertions as ResolvedAssertion[], context('{"name": "Ada", "age": 3}'))
    expect(grades.map((g) => g.pass)).toEqual([true, true, true])
  })
})
