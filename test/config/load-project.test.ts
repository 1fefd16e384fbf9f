import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hashOf } from '../../src/core/index.js'
import { loadProject } from '../../src/config/index.js'
import { fixture, removeProject, writeProject } from './helpers.js'

const root = fixture('valid')

describe('loadProject on a valid project', () => {
  const project = loadProject(root)
  const capitals = project.suites.find((s) => s.name === 'capitals')!
  const jsonOut = project.suites.find((s) => s.name === 'json-out')!

  it('discovers suites sorted by path', () => {
    expect(project.suites.map((s) => s.file)).toEqual(['evals/capitals.yaml', 'evals/json-out.yaml'])
  })

  it('resolves the project file with defaults and absolute paths', () => {
    const c = project.config
    expect(c.root).toBe(root)
    expect(c.file).toBe(path.join(root, 'evals.config.yaml'))
    expect(c.provider).toEqual({
      type: 'emulator', baseUrl: 'https://api.runware.ai/v1', apiKeyEnv: 'RUNWARE_API_KEY',
      timeoutMs: 120000, maxRetries: 3, emulatorScript: path.join(root, 'emulator.yaml'),
      retryBaseDelayMs: 500, retryMaxDelayMs: 30000, adaptiveConcurrency: true,
    })
    expect(c.model).toBe('openai:gpt@5-mini')
    expect(c.concurrency).toBe(4)
    expect(c.database).toBe(path.join(root, '.evals/evals.db'))
    expect(c.reportsDir).toBe(path.join(root, 'reports'))
    expect(c.thinkingLevels).toEqual(['off', 'minimal', 'low', 'medium', 'high'])
    expect(c.thresholds).toEqual({ minPassRate: 0.5, maxErrorRate: 0.1 })
  })

  it('turns CSV rows (then inline cases) into cases with ids, vars and suite assertions first', () => {
    expect(capitals.cases.map((c) => c.id)).toEqual(['de', hashOf({ vars: { country: 'Japan', expected: 'Tokyo' } }, 12), 'it', 'france'])
    expect(capitals.cases[2]!.vars).toEqual({ country: 'Italy, Republic of', expected: 'Rome' })
    expect(capitals.cases[0]!.source).toEqual({ file: 'datasets/capitals.csv', line: 2 })
    expect(capitals.cases[3]!.source).toEqual({ file: 'evals/capitals.yaml', line: 23 })
    expect(capitals.cases[3]!.assert).toEqual([
      { type: 'icontains', value: '{{expected}}', weight: 1 },
      { type: 'equals', value: 'Paris', weight: 1 },
    ])
    expect(capitals.cases.every((c) => c.threshold === 1)).toBe(true)
  })

  it('reads JSONL and YAML datasets, flat rows and full cases', () => {
    const ids = jsonOut.cases.map((c) => c.id)
    expect(ids).toEqual(['apple', hashOf({ vars: { thing: 'a pear' } }, 12), 'full', hashOf({ vars: { thing: 'a boat' } }, 12), 'plane'])
    const [apple, pear, full, boat, plane] = jsonOut.cases
    expect(apple!.vars).toEqual({ thing: 'an apple' })
    expect(pear!.description).toBe('no id')
    expect(pear!.source).toEqual({ file: 'datasets/things.jsonl', line: 3 })
    expect(full!.assert.map((a) => a.type)).toEqual(['is-json', 'json-schema', 'regex', 'contains'])
    expect(full!.threshold).toBe(1)
    expect(boat!.threshold).toBe(0.5)
    expect(boat!.source).toEqual({ file: 'datasets/more.yaml', line: 1 })
    expect(plane!).toMatchObject({ description: 'full case', vars: { thing: 'a plane' }, source: { line: 2 } })
  })

  it('reads schema files: the envelope for the request, the bare schema for assertions', () => {
    expect(jsonOut.outputFormat).toBe('JSON')
    expect(jsonOut.jsonSchema).toMatchObject({ name: 'thing', strict: true, schema: { type: 'object' } })
    const schemaAssert = jsonOut.cases[0]!.assert[1]!
    expect(schemaAssert).toMatchObject({ type: 'json-schema', value: { type: 'object', required: ['name'] } })
    expect(jsonOut.pass).toEqual({ rule: 'atLeast', n: 1 })
    expect(jsonOut.minPassRate).toBe(0.9)
  })

  it('merges settings: project defaults < suite < variant', () => {
    expect(capitals.variants.map((v) => [v.name, v.settings])).toEqual([
      ['low', { systemPrompt: 'Be brief.', maxTokens: 256, thinkingLevel: 'low' }],
      ['high', { systemPrompt: 'Be brief.', maxTokens: 2048, thinkingLevel: 'high' }],
    ])
    expect(capitals.variants[1]!.description).toBe('more thinking')
    expect(capitals.variants[0]!.prompt).toEqual([
      { role: 'user', content: 'What is the capital of {{country}}? Answer with the city only.' },
    ])
  })

  it('gives a suite without variants one named default, and project default seeds', () => {
    expect(jsonOut.variants.map((v) => v.name)).toEqual(['default'])
    expect(jsonOut.variants[0]!.settings).toEqual({ systemPrompt: 'Be brief.', maxTokens: 512, thinkingLevel: 'low' })
    expect(jsonOut.variants[0]!.prompt).toEqual([{ role: 'user', content: 'Describe {{thing}} as JSON.' }])
    expect(jsonOut.seeds).toEqual([7])
    expect(capitals.seeds).toEqual([11, 23])
    expect(capitals.numberResults).toBe(2)
  })

  it('is stable: two loads give the same ids and hashes', () => {
    const again = loadProject(root)
    expect(again.suites.map((s) => s.hash)).toEqual(project.suites.map((s) => s.hash))
    expect(again.suites.flatMap((s) => s.cases.map((c) => c.id))).toEqual(project.suites.flatMap((s) => s.cases.map((c) => c.id)))
    expect(capitals.hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('loads only the given paths, relative to cwd or root', () => {
    const only = loadProject(root, { paths: ['evals/json-out.yaml'], cwd: '/' })
    expect(only.suites.map((s) => s.name)).toEqual(['json-out'])
  })

  it('loads the config only when paths is an empty list', () => {
    expect(loadProject(root, { paths: [] }).suites).toEqual([])
  })

  it('applies overrides over the file', () => {
    const p = loadProject(root, { overrides: { provider: 'runware', concurrency: 2, database: 'x.db' }, cwd: '/tmp' })
    expect(p.config.provider.type).toBe('runware')
    expect(p.config.concurrency).toBe(2)
    expect(p.config.database).toBe('/tmp/x.db')
  })
})

describe('loadProject defaults', () => {
  const temps: string[] = []
  afterAll(() => temps.forEach(removeProject))

  it('uses all defaults when evals.config.yaml is absent', () => {
    const r = writeProject({ 'evals/s.yaml': 'name: s\nprompt: hi\ncases: [{ vars: {} }]\n' })
    temps.push(r)
    const p = loadProject(r)
    expect(p.config.file).toBeUndefined()
    expect(p.config.provider.type).toBe('emulator')
    expect(p.config.concurrency).toBe(8)
    expect(p.config.database).toBe(path.join(r, '.evals/evals.db'))
    const s = p.suites[0]!
    expect(s).toMatchObject({ outputFormat: 'TEXT', seeds: [1], numberResults: 1, pass: { rule: 'majority' } })
    expect(s.variants[0]!.settings).toEqual({ maxTokens: 1024, thinkingLevel: 'low' })
    expect(s.cases[0]!.id).toBe(hashOf({ vars: {} }, 12))
  })

  it('returns no suites when there is no evals/ directory', () => {
    const r = writeProject({ 'evals.config.yaml': 'concurrency: 2\n' })
    temps.push(r)
    expect(loadProject(r).suites).toEqual([])
  })

  it('normalises outputFormat case and accepts a string prompt', () => {
    const r = writeProject({ 'evals/s.yaml': 'name: s\noutputFormat: Json\nprompt: "Q: {{q}}"\ncases: [{ id: 1, vars: { q: x } }]\n' })
    temps.push(r)
    const s = loadProject(r).suites[0]!
    expect(s.outputFormat).toBe('JSON')
    expect(s.cases[0]!.id).toBe('1')
    expect(s.variants[0]!.prompt).toEqual([{ role: 'user', content: 'Q: {{q}}' }])
  })
})
