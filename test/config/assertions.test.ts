import { afterAll, describe, expect, it } from 'vitest'
import { loadProject, type ResolvedAssertion } from '../../src/config/index.js'
import { loadIssues, removeProject, writeProject } from './helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach(removeProject))

function project(files: Record<string, string>): string {
  const root = writeProject(files)
  temps.push(root)
  return root
}

function suite(assertLines: string[], extra = ''): string {
  return [
    'name: s',
    'prompt: "Capital of {{country}}?"',
    'cases:',
    '  - id: fr',
    '    vars: { country: France, expected: Paris }',
    'assert:',
    ...assertLines.map((l) => `  ${l}`),
    extra,
  ].join('\n')
}

function assertionsOf(root: string): ResolvedAssertion[] {
  return loadProject(root, { paths: [] }).suites[0]?.cases[0]?.assert ?? loadProject(root).suites[0]!.cases[0]!.assert
}

describe('llm-rubric templates', () => {
  it('fails validation when the rubric uses a var that a case lacks, naming file, line, key and case', () => {
    const root = project({ 'evals/s.yaml': suite(['- type: llm-rubric', '  value: "Names {{expectd}} as the capital of {{country}}"']) })
    const issues = loadIssues(root)
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ file: 'evals/s.yaml', line: 8, path: 'assert[0].value' })
    expect(issues[0]!.message).toBe('template uses var "expectd", which case "fr" does not define ("fr" defines: country, expected)')
  })

  it('accepts {{output}} (the sample output) in a rubric, but not in other assertions', () => {
    const ok = project({ 'evals/s.yaml': suite(['- type: llm-rubric', '  value: "{{output}} names {{expected}}"']) })
    const rubric = loadProject(ok).suites[0]!.cases[0]!.assert[0]!
    expect(rubric).toMatchObject({ type: 'llm-rubric', value: '{{output}} names {{expected}}', samples: 1, weight: 1 })
    const bad = project({ 'evals/s.yaml': suite(['- type: contains', '  value: "{{output}}"']) })
    expect(loadIssues(bad)[0]!.message).toMatch(/template uses var "output"/)
  })

  it('checks threshold and samples ranges', () => {
    const root = project({ 'evals/s.yaml': suite(['- type: llm-rubric', '  value: ok', '  threshold: 2', '  samples: 0']) })
    expect(loadIssues(root).map((i) => i.path)).toEqual(['assert[0].threshold', 'assert[0].samples'])
  })
})

describe('behaviour assertions', () => {
  it('resolves every type with its defaults', () => {
    const root = project({
      'schemas/args.json': '{"type": "object", "required": ["city"]}',
      'checks/grade.mjs': 'export default () => true\n',
      'evals/s.yaml': suite([
        '- { type: tool-call, name: get_weather, arguments: { city: "{{expected}}" }, schema: ../schemas/args.json }',
        '- { type: finish-reason, value: stop }',
        '- { type: cost, threshold: 0.002 }',
        '- { type: latency, threshold: 2000 }',
        '- { type: tokens, maxThinking: 500 }',
        '- { type: javascript, value: "output.length < 40" }',
        '- { type: javascript, file: ../checks/grade.mjs }',
        '- { type: similarity, value: "{{expected}}" }',
      ]),
    })
    expect(assertionsOf(root)).toEqual([
      { type: 'tool-call', name: 'get_weather', called: true, arguments: { city: '{{expected}}' }, schema: { type: 'object', required: ['city'] }, weight: 1 },
      { type: 'finish-reason', value: 'stop', weight: 1 },
      { type: 'cost', threshold: 0.002, weight: 1 },
      { type: 'latency', threshold: 2000, weight: 1 },
      { type: 'tokens', maxThinking: 500, weight: 1 },
      { type: 'javascript', value: 'output.length < 40', weight: 1 },
      { type: 'javascript', file: 'checks/grade.mjs', weight: 1 },
      { type: 'similarity', value: '{{expected}}', threshold: 0.8, ignoreCase: false, weight: 1 },
    ])
  })

  it('reports bad behaviour assertions at validate time, located', () => {
    const root = project({
      'evals/s.yaml': suite([
        '- { type: tool-call, name: f, arguments: { city: "{{town}}" } }',
        '- { type: tokens }',
        '- { type: javascript, value: "output.length <" }',
        '- { type: javascript, file: ../checks/missing.mjs }',
        '- { type: javascript }',
        '- { type: cost, threshold: -1 }',
        '- { type: tool-call, name: f, schema: { type: nonsense } }',
      ]),
    })
    const issues = loadIssues(root)
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['assert[1].maxCompletion', 8],
      ['assert[4].value', 11],
      ['assert[5].threshold', 12],
    ])
    expect(issues[0]!.message).toBe('expected maxCompletion and/or maxThinking; found nothing')
    expect(issues[1]!.message).toMatch(/exactly one of `value` \(inline code\) or `file`, found neither/)
  })

  it('reports what only loading can find: code that does not compile, missing files, templates in arguments', () => {
    const root = project({
      'evals/s.yaml': suite([
        '- { type: tool-call, name: f, arguments: { where: { city: "{{town}}" } } }',
        '- { type: javascript, value: "output.length <" }',
        '- { type: javascript, file: ../checks/missing.mjs }',
        '- { type: tool-call, name: f, schema: { type: nonsense } }',
      ]),
    })
    const issues = loadIssues(root)
    expect(issues.map((i) => [i.path, i.line])).toEqual([
      ['assert[0].arguments.where.city', 7],
      ['assert[1].value', 8],
      ['assert[2].file', 9],
      ['assert[3].schema', 10],
    ])
    expect(issues[0]!.message).toMatch(/template uses var "town", which case "fr" does not define/)
    expect(issues[1]!.message).toMatch(/^javascript does not compile: /)
    expect(issues[2]!.message).toBe('file not found: checks/missing.mjs; expected a JavaScript module')
  })

  it('does not treat javascript code as a template', () => {
    const root = project({ 'evals/s.yaml': suite(['- { type: javascript, value: "({ pass: true, reason: \\"{{x}}\\" })" }']) })
    expect(assertionsOf(root)[0]).toMatchObject({ type: 'javascript' })
  })
})

describe('judge and pass defaults in evals.config.yaml', () => {
  const okSuite = suite(['- { type: llm-rubric, value: "names {{expected}}" }'])

  it('defaults the judge to the project model, thinkingLevel low, a fixed seed and threshold 0.5', () => {
    const root = project({ 'evals.config.yaml': 'model: openai:gpt@5-mini\n', 'evals/s.yaml': okSuite })
    expect(loadProject(root).config.judge).toEqual({
      model: 'openai:gpt@5-mini', settings: { maxTokens: 2048, thinkingLevel: 'low' }, seed: 7, threshold: 0.5,
    })
  })

  it('takes the judge settings from the config and checks its thinkingLevel', () => {
    const root = project({
      'evals.config.yaml': 'judge:\n  model: openai:gpt@5\n  settings: { thinkingLevel: high, maxTokens: 300 }\n  seed: 42\n  threshold: 0.75\n',
      'evals/s.yaml': okSuite,
    })
    expect(loadProject(root).config.judge).toEqual({
      model: 'openai:gpt@5', settings: { maxTokens: 300, thinkingLevel: 'high' }, seed: 42, threshold: 0.75,
    })
    const bad = project({ 'evals.config.yaml': 'judge:\n  settings: { thinkingLevel: hihg }\n', 'evals/s.yaml': okSuite })
    const issues = loadIssues(bad)
    expect(issues).toMatchObject([{ file: 'evals.config.yaml', line: 2, path: 'judge.settings.thinkingLevel' }])
    expect(issues[0]!.message).toMatch(/unknown thinkingLevel "hihg".*did you mean "high"/)
  })

  it('applies the project default pass rule to suites without one, and a suite rule over it', () => {
    const root = project({
      'evals.config.yaml': 'defaults:\n  seeds: [1, 2, 3]\n  pass: { rule: atLeast, n: 2 }\n',
      'evals/s.yaml': okSuite,
      'evals/t.yaml': okSuite.replace('name: s', 'name: t') + '\npass: { rule: any }\n',
    })
    const passes = loadProject(root).suites.map((s) => [s.name, s.pass])
    expect(passes).toEqual([['s', { rule: 'atLeast', n: 2 }], ['t', { rule: 'any' }]])
  })
})
