import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { configJsonSchema, suiteJsonSchema } from '../../src/config/index.js'

describe('JSON Schemas of the written files', () => {
  const ajv = new Ajv2020({ strict: false })

  it('describes suites, with prompt and optional defaulted keys', () => {
    const schema = suiteJsonSchema() as { type: string; properties: Record<string, { description?: string }>; required: string[] }
    expect(schema.type).toBe('object')
    expect(schema.properties.prompt).toBeDefined()
    expect(schema.properties.prompt!.description).toMatch(/string/)
    expect(schema.required).toEqual(['name'])
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['settings', 'variants', 'dataset', 'cases', 'assert', 'pass']))
  })

  it('accepts the sketch suite and rejects unknown keys', () => {
    const validate = ajv.compile(suiteJsonSchema())
    const sketch = parse([
      'name: capitals',
      'prompt: [{ role: user, content: "Capital of {{country}}?" }]',
      'settings: { maxTokens: 256, thinkingLevel: low }',
      'outputFormat: text',
      'seeds: [11, 23]',
      'numberResults: 2',
      'variants: [{ name: high, settings: { thinkingLevel: high } }]',
      'dataset: ../datasets/capitals.csv',
      'assert: [{ type: icontains, value: "{{expected}}" }]',
      'pass: { rule: majority }',
      'cases: [{ id: france, vars: { country: France }, assert: [{ type: equals, value: Paris }] }]',
    ].join('\n'))
    expect(validate(sketch)).toBe(true)
    expect(validate({ name: 'x', setings: {} })).toBe(false)
  })

  it('describes the project file with every key optional', () => {
    const validate = ajv.compile(configJsonSchema())
    expect(validate({})).toBe(true)
    expect(validate({ provider: { type: 'runware' }, concurrency: 8 })).toBe(true)
    expect(validate({ concurrency: 0 })).toBe(false)
  })
})
