import { join } from 'node:path'
import Handlebars from 'handlebars'
import { describe, expect, it } from 'vitest'
import { hashOf, type GenerateRequest } from '../../src/core/index.js'
import { draftFromRow } from '../../src/config/cases.js'
import { createTemplateRenderer } from '../../src/config/index.js'
import { CaseSchema } from '../../src/config/schema.js'
import { suiteHash } from '../../src/config/suite-hash.js'
import { lineLocator } from '../../src/config/validate.js'
import { requestText, requestTextOf } from '../../src/runner/request-hash.js'
import { createRequestTexts, planRun } from '../../src/runner/plan.js'
import { loadProject } from '../../src/config/index.js'

/** The fast paths of loading and planning give exactly what the general paths give. */

function viaZod(row: Record<string, unknown>): unknown {
  const { id, description, ...vars } = row
  const input = 'vars' in row ? row : { vars, ...(id !== undefined ? { id } : {}), ...(description !== undefined ? { description } : {}) }
  const parsed = CaseSchema.safeParse(input)
  return parsed.success ? JSON.stringify(parsed.data) : 'invalid'
}

describe('fast paths', () => {
  it('reads dataset rows as CaseSchema does (same keys, order and values), else defers to it', () => {
    const rows: Array<Record<string, unknown>> = [
      { id: 'a', word: 'x' }, { id: 7, description: 'd', b: 1, a: [1, { z: 2 }] }, { id: -0, q: null },
      { id: 1.5, q: 1 }, { id: '', q: 1 }, { id: null, q: 1 }, { description: 3, q: 1 }, { q: 1, 2: 'n', 1: 'm' },
      { vars: { q: 1 }, id: 'v' }, { vars: [1] }, { vars: null }, { vars: { q: 1 }, threshold: 0.5 },
      { vars: { q: 1 }, assert: [{ type: 'contains', value: 'x' }] }, { vars: { q: 1 }, extra: 1 },
      JSON.parse('{"__proto__": {"x": 1}, "q": 1}'), { constructor: 'c', q: 1 }, { vars: JSON.parse('{"__proto__": 1}') },
      {}, { id: Number.MAX_SAFE_INTEGER + 1, q: 1 },
    ]
    for (const row of rows) {
      const draft = draftFromRow({ row, at: lineLocator('d.jsonl', 1), source: { file: 'd.jsonl', line: 1 } }, '/', [])
      expect(draft ? JSON.stringify(draft.spec) : 'invalid', JSON.stringify(row)).toBe(viaZod(row))
    }
  })

  it('renders plain-var templates exactly as handlebars does, and fails the same way', () => {
    const hb = Handlebars.create()
    hb.registerHelper('json', (v: unknown) => JSON.stringify(v))
    const templates = ['Hi {{name}}!', '{{a}}{{b}}', '{{a}}', '{{b}}x{{a}}', '{{name}}{{a}}{{b}}', 'x {{~ a ~}} y', '\\{{a}} {{a}}', '{{{a}}} {{[a]}}', '{{json a}}', '{{each}}', '{{a.b}}', '{{this}}']
    const varsList = [{ a: 'A', b: 2, name: 'N' }, { a: 0, b: false, name: '' }, { a: true, b: 1, name: 2 }, { a: 1.5e300, b: -0, name: 'x' }, { a: null, b: 1, name: 1 }, { a: { b: 'c' } }, { b: 1 }, { a: [1, 2] }]
    const renderer = createTemplateRenderer()
    const outcome = (f: () => string) => { try { return f() } catch (err) { return `error: ${(err as Error).message.split(' - ')[0]}` } }
    for (const t of templates) {
      const compiled = hb.compile(t, { strict: true, noEscape: true })
      for (const vars of varsList) {
        const ours = outcome(() => renderer.render(t, vars))
        const theirs = outcome(() => compiled(vars))
        if (theirs.startsWith('error')) expect(ours, `${t} ${JSON.stringify(vars)}`).toMatch(/^error/)
        else expect(ours, `${t} ${JSON.stringify(vars)}`).toBe(theirs)
      }
    }
  })

  it('hashes a suite as hashOf over its cases without source', () => {
    const shared = { type: 'contains', value: ' ' }
    const cases = [
      { id: 'a', vars: { z: 1, a: { y: [1, undefined], b: 'x' } }, assert: [shared], threshold: 1, source: { file: 'f', line: 1 } },
      { id: 'b', description: 'd', vars: { 3: 'n', '\u00e9': 'e' }, assert: [shared, { type: 'regex', value: 'a' }], threshold: 0.5, source: { file: 'f' } },
    ]
    const body = { name: 's', outputFormat: 'TEXT', seeds: [1], numberResults: 2, variants: [], cases, pass: { rule: 'majority' }, description: undefined }
    const expected = hashOf({ ...body, cases: cases.map(({ source: _s, ...rest }) => rest) })
    expect(suiteHash(body as never)).toBe(expected)
    expect(suiteHash({ ...body, cases: [] } as never)).toBe(hashOf({ ...body, cases: [] }))
  })

  it('fills request texts of one variant in as requestText writes them', () => {
    const base: GenerateRequest = {
      model: 'm', settings: { maxTokens: 5 }, seed: 1, numberResults: 1, outputFormat: 'JSON', jsonSchema: { type: 'object' },
      messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: '', toolCalls: [{ id: '1', name: 't', arguments: { x: '"seed"' } }] }],
      tools: [{ name: 't', description: 'd', parameters: {} }], deliveryMethod: 'async',
    } as GenerateRequest
    const textOf = requestTextOf(base)!
    for (const [seed, contents] of [[2, ['x', '']], [-3, ['"\u0000slot:0\u0000"', 'é\n']], [0, ['{"seed":1}', 'y']]] as const) {
      const request = { ...base, seed, messages: base.messages.map((m, i) => ({ ...m, content: contents[i]! })) }
      expect(textOf(seed, contents)).toBe(requestText(request))
    }
  })

  it('gives every planned request of the example project its requestText, whose hash is the plan\'s', () => {
    const plan = planRun(loadProject(join(__dirname, '..', '..')))
    const textOf = createRequestTexts()
    expect(new Set(plan.requests.map((p) => `${p.suite.name}/${p.variant.name}`)).size).toBeGreaterThan(6) // suites × variants
    for (const planned of plan.requests) {
      const text = textOf(planned)
      expect(text).toBe(requestText(planned.request))
      expect(hashOf(text)).toBe(planned.requestHash)
    }
  })
})
