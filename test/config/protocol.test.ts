import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadProject } from '../../src/config/index.js'
import { planRun } from '../../src/runner/index.js'
import { loadIssues, removeProject, where, writeProject } from './helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach(removeProject))

function project(files: Record<string, string>): string {
  const root = writeProject(files)
  temps.push(root)
  return root
}

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==', 'base64')

const SUITE = `name: tools
prompt:
  - { role: user, content: "Weather in {{city}}?" }
  - { role: assistant, toolCalls: [{ id: call_1, name: get_weather, arguments: { city: Oslo } }] }
  - { role: tool, toolCallId: call_1, content: "4°C in {{city}}" }
  - { role: user, content: "And tomorrow?" }
tools:
  - { type: function, name: get_weather, description: Forecast, schema: ../schemas/weather.json }
  - { type: function, name: get_time, schema: { type: object, properties: { zone: { type: string } } } }
  - { type: search }
toolChoice: { type: tool, name: get_weather }
inputs:
  images: [../img/pixel.png, "https://example.com/receipt.jpg", 0d1c7f3e-5b8a-4f3e-9a51-2c6e2b7d4f10]
deliveryMethod: async
delivery: { pollIntervalMs: 50, pollTimeoutMs: 9000 }
variants:
  - { name: streamed, deliveryMethod: stream }
  - { name: default-delivery }
cases: [{ id: a, vars: { city: Oslo } }]
`

describe('protocol keys of a suite', () => {
  it('resolves tools (schema files read), toolChoice, images (files as data URIs), delivery and tool round-trips', () => {
    const root = project({
      'evals/tools.yaml': SUITE,
      'schemas/weather.json': '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}',
    })
    mkdirSync(`${root}/img`)
    writeFileSync(`${root}/img/pixel.png`, PNG)
    const { suites } = loadProject(root)
    const suite = suites[0]!
    expect(suite.tools).toEqual([
      { type: 'function', name: 'get_weather', description: 'Forecast', schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      { type: 'function', name: 'get_time', schema: { type: 'object', properties: { zone: { type: 'string' } } } },
      { type: 'search' },
    ])
    expect(suite.toolChoice).toEqual({ type: 'tool', name: 'get_weather' })
    expect(suite.images).toEqual([`data:image/png;base64,${PNG.toString('base64')}`, 'https://example.com/receipt.jpg', '0d1c7f3e-5b8a-4f3e-9a51-2c6e2b7d4f10'])
    expect(suite.deliveryMethod).toBe('async')
    expect(suite.delivery).toEqual({ pollIntervalMs: 50, pollTimeoutMs: 9000 })

    const [streamed, plain] = planRun({ config: loadProject(root).config, suites }).requests
    expect(streamed!.request).toMatchObject({ deliveryMethod: 'stream', tools: suite.tools, toolChoice: suite.toolChoice, images: suite.images })
    expect(plain!.request.deliveryMethod).toBe('async')
    expect(streamed!.request.messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
      { role: 'tool', content: '4°C in Oslo', toolCallId: 'call_1' },
      { role: 'user', content: 'And tomorrow?' },
    ])
    // How a request is delivered does not change what it asks: same request hash.
    expect(streamed!.requestHash).toBe(plain!.requestHash)
  })

  it('reports bad protocol keys with file, line and key', () => {
    const root = project({
      'evals/bad.yaml': [
        'name: bad',
        'prompt:',
        '  - { role: tool, content: x }',
        '  - { role: user, content: hi, toolCalls: [{ id: c, name: f }] }',
        'tools:',
        '  - { type: function, name: "bad name", schema: {} }',
        '  - { type: function, name: f, schema: missing.json }',
        '  - { type: function, name: f, schema: { type: 7 } }',
        'toolChoice: { type: tool, name: nope }',
        'inputs: { images: [nowhere.png, notes.txt] }',
        'deliveryMethod: batch',
        'cases: [{ id: a }]',
      ].join('\n'),
    })
    const issues = loadIssues(root)
    expect(where(issues)).toEqual(expect.arrayContaining([
      { file: 'evals/bad.yaml', line: 3, col: 5, path: 'prompt[0].toolCallId' },
      { file: 'evals/bad.yaml', line: 4, col: 43, path: 'prompt[1].toolCalls' },
      { file: 'evals/bad.yaml', line: 6, col: 29, path: 'tools[0].name' },
      { file: 'evals/bad.yaml', line: 10, col: 20, path: 'inputs.images[0]' },
      { file: 'evals/bad.yaml', line: 11, col: 17, path: 'deliveryMethod' },
    ]))
  })

  it('checks tools, toolChoice and images once the schema is fine', () => {
    const root = project({
      'evals/bad.yaml': [
        'name: bad',
        'prompt: hi',
        'tools:',
        '  - { type: function, name: f, schema: missing.json }',
        '  - { type: function, name: f, schema: { type: 7 } }',
        'toolChoice: { type: tool, name: nope }',
        'inputs: { images: [nowhere.png, notes.txt] }',
        'cases: [{ id: a }]',
      ].join('\n'),
      'evals/choice.yaml': 'name: choice\nprompt: hi\ntoolChoice: any\ncases: [{ id: a }]\n',
    })
    const issues = loadIssues(root)
    const byPath = Object.fromEntries(issues.map((i) => [`${i.file}:${i.line}  ${i.path}`, i.message]))
    expect(byPath).toEqual({
      'evals/bad.yaml:4  tools[0].schema': expect.stringContaining('file not found'),
      'evals/bad.yaml:5  tools[1].schema': expect.stringContaining('invalid JSON Schema'),
      'evals/bad.yaml:5  tools[1].name': expect.stringContaining('duplicate tool name "f"'),
      'evals/bad.yaml:6  toolChoice.name': expect.stringContaining('must name a function tool (f, f), found "nope"'),
      'evals/bad.yaml:7  inputs.images[0]': expect.stringContaining('image file not found: evals/nowhere.png'),
      'evals/bad.yaml:7  inputs.images[1]': expect.stringContaining('expected an image file'),
      'evals/choice.yaml:3  toolChoice': expect.stringContaining('toolChoice needs `tools`'),
    })
  })
})
