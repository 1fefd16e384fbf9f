import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/core/index.js'
import { loadProject } from '../../src/config/index.js'
import { loadIssues, removeProject, where, writeProject } from './helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach(removeProject))

/** A project with the given files; every issue of loading it. */
function issuesOf(files: Record<string, string>, opts?: Parameters<typeof loadIssues>[1]) {
  const root = writeProject(files)
  temps.push(root)
  return loadIssues(root, opts)
}

const CASES = 'cases: [{ id: a, vars: { x: 1 } }]\n'

describe('config errors: located, all at once', () => {
  it('reports YAML syntax errors with line and column', () => {
    const issues = issuesOf({
      'evals/s.yaml': 'name: s\nprompt: hi: there\n',
      'evals/t.yaml': 'name: t\nprompt: hi\nname: u\n',
    })
    expect(issues).toEqual([
      { file: 'evals/s.yaml', line: 2, col: 9, path: '', message: 'YAML syntax: Nested mappings are not allowed in compact mappings' },
      { file: 'evals/t.yaml', line: 3, col: 1, path: '', message: 'YAML syntax: Map keys must be unique' },
    ])
  })

  it('reports every problem of one file: unknown keys with did-you-mean, wrong types, ranges, rules', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt: hi',
        'setings: {}',
        'settings:',
        '  thinkinglevel: low',
        '  maxTokens: "many"',
        'seeds: [1, 1]',
        'numberResults: 9',
        CASES,
      ].join('\n'),
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 3, col: 1, path: 'setings' },
      { file: 'evals/s.yaml', line: 5, col: 3, path: 'settings.thinkinglevel' },
      { file: 'evals/s.yaml', line: 6, col: 14, path: 'settings.maxTokens' },
      { file: 'evals/s.yaml', line: 7, col: 12, path: 'seeds[1]' },
      { file: 'evals/s.yaml', line: 8, col: 16, path: 'numberResults' },
    ])
    expect(issues[0]!.message).toBe('unknown key "setings"; did you mean "settings"?')
    expect(issues[1]!.message).toBe('unknown key "thinkinglevel"; did you mean "thinkingLevel"?')
    expect(issues[2]!.message).toBe('expected an integer, found "many"')
    expect(issues[3]!.message).toMatch(/duplicate seed "1"/)
    expect(issues[4]!.message).toMatch(/<=4; found integer 9/)
  })

  it('throws one ConfigError whose message lists file:line:col  key.path  message', () => {
    const root = writeProject({ 'evals/s.yaml': 'name: s\nprompt: hi\nsetings: {}\n' + CASES })
    temps.push(root)
    expect(() => loadProject(root)).toThrow(ConfigError)
    expect(() => loadProject(root)).toThrow('evals/s.yaml:3:1  setings  unknown key "setings"; did you mean "settings"?')
  })

  it('narrows union errors to the meant branch (prompt messages, assertion types)', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt:',
        '  - role: system',
        '    content: hi',
        'assert:',
        '  - type: contans',
        '    value: x',
        CASES,
      ].join('\n'),
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 3, col: 11, path: 'prompt[0].role' },
      { file: 'evals/s.yaml', line: 6, col: 11, path: 'assert[0].type' },
    ])
    expect(issues[0]!.message).toBe('expected one of user, assistant, tool, found "system"')
    expect(issues[1]!.message).toMatch(/^unknown type "contans"; expected one of .*; did you mean "contains"\?$/)
  })

  it('rejects an unknown thinkingLevel with a did-you-mean, against the project list', () => {
    const issues = issuesOf({
      'evals.config.yaml': 'thinkingLevels: [none, low, high]\n',
      'evals/s.yaml': [
        'name: s',
        'prompt: hi',
        'settings: { thinkingLevel: hihg }',
        'variants:',
        '  - name: a',
        '    settings: { thinkingLevel: medium }',
        CASES,
      ].join('\n'),
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 3, col: 28, path: 'settings.thinkingLevel' },
      { file: 'evals/s.yaml', line: 6, col: 32, path: 'variants[0].settings.thinkingLevel' },
    ])
    expect(issues[0]!.message).toBe('unknown thinkingLevel "hihg"; expected one of none, low, high; did you mean "high"?')
    expect(issues[1]!.message).toBe('unknown thinkingLevel "medium"; expected one of none, low, high')
  })

  it('reports a missing dataset file at the dataset key', () => {
    const issues = issuesOf({ 'evals/s.yaml': 'name: s\nprompt: hi\ndataset: ../datasets/nope.csv\n' })
    expect(where(issues)).toEqual([{ file: 'evals/s.yaml', line: 3, col: 10, path: 'dataset' }])
    expect(issues[0]!.message).toBe('file not found: datasets/nope.csv')
  })

  it('rejects paths that escape the project root', () => {
    const issues = issuesOf({
      'evals/s.yaml': 'name: s\nprompt: hi\ndataset: [ok.csv, ../../etc/passwd]\n',
      'evals/ok.csv': 'x\n1\n',
    })
    expect(where(issues)).toEqual([{ file: 'evals/s.yaml', line: 3, col: 19, path: 'dataset[1]' }])
    expect(issues[0]!.message).toMatch(/^path "..\/..\/etc\/passwd" resolves outside the project root/)
  })

  it('rejects invalid regexes, but not templated ones', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt: hi',
        'assert:',
        '  - type: regex',
        '    value: "(unclosed"',
        '  - type: not-regex',
        '    value: "{{x}}("',
        'cases:',
        '  - vars: { x: "a" }',
        '    assert:',
        '      - { type: regex, value: "[a-", flags: i }',
      ].join('\n'),
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 5, col: 12, path: 'assert[0].value' },
      { file: 'evals/s.yaml', line: 7, col: 12, path: 'assert[1].value' },
      { file: 'evals/s.yaml', line: 11, col: 31, path: 'cases[0].assert[0].value' },
    ])
    expect(issues[0]!.message).toMatch(/^invalid regex \/\(unclosed\/: /)
    expect(issues[1]!.message).toMatch(/^rendered for case "[0-9a-f]{12}": invalid regex \/a\(\//)
    expect(issues[2]!.message).toMatch(/^invalid regex \/\[a-\/i: /)
  })

  it('rejects json-schema assertions that do not compile, and missing schema files', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt: hi',
        'outputFormat: JSON',
        'jsonSchema: schemas/missing.json',
        'assert:',
        '  - type: json-schema',
        '    value: { type: objekt }',
        '  - type: json-schema',
        '    value: schemas/bad.yaml',
        CASES,
      ].join('\n'),
      'evals/schemas/bad.yaml': 'type: object\nproperties:\n  a: { $ref: "#/nope" }\n',
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 4, col: 13, path: 'jsonSchema' },
      { file: 'evals/s.yaml', line: 7, col: 12, path: 'assert[0].value' },
      { file: 'evals/s.yaml', line: 9, col: 12, path: 'assert[1].value' },
    ])
    expect(issues[0]!.message).toBe('file not found: evals/schemas/missing.json')
    expect(issues[1]!.message).toMatch(/^invalid JSON Schema: schema is invalid: data\/type/)
    expect(issues[2]!.message).toMatch(/^evals\/schemas\/bad.yaml: invalid JSON Schema: can't resolve reference #\/nope/)
  })

  it('reports duplicate case ids, inline and from datasets', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt: "{{q}}"',
        'dataset: d.csv',
        'cases:',
        '  - id: one',
        '    vars: { q: a }',
        '  - id: one',
        '    vars: { q: b }',
      ].join('\n'),
      'evals/d.csv': 'id,q\none,x\ntwo,y\ntwo,z\n',
    })
    expect(where(issues)).toEqual([
      { file: 'evals/d.csv', line: 4, col: 1, path: 'id' },
      { file: 'evals/s.yaml', line: 5, col: 9, path: 'cases[0].id' },
      { file: 'evals/s.yaml', line: 7, col: 9, path: 'cases[1].id' },
    ])
    expect(issues[0]!.message).toBe('duplicate case id "two" (first used at evals/d.csv:3); expected unique ids')
    expect(issues[1]!.message).toBe('duplicate case id "one" (first used at evals/d.csv:2); expected unique ids')
  })

  it('reports identical cases without ids (same content hash)', () => {
    const issues = issuesOf({ 'evals/s.yaml': 'name: s\nprompt: hi\ncases:\n  - vars: { a: 1 }\n  - vars: { a: 1 }\n' })
    expect(where(issues)).toEqual([{ file: 'evals/s.yaml', line: 5, col: 5, path: 'cases[1]' }])
    expect(issues[0]!.message).toMatch(/same vars and assertions as the case at evals\/s.yaml:4/)
  })

  it('reports duplicate suite names across files', () => {
    const issues = issuesOf({
      'evals/a.yaml': 'name: same\nprompt: hi\n' + CASES,
      'evals/b.yaml': '# another\nname: same\nprompt: hi\n' + CASES,
    })
    expect(where(issues)).toEqual([{ file: 'evals/b.yaml', line: 2, col: 7, path: 'name' }])
    expect(issues[0]!.message).toBe('duplicate suite name "same" (also used by evals/a.yaml); expected names unique across the project')
  })

  it('names the case and the variable when a prompt template references a missing var', () => {
    const issues = issuesOf({
      'evals/s.yaml': [
        'name: s',
        'prompt:',
        '  - role: user',
        '    content: "Capital of {{country}}?"',
        'variants:',
        '  - name: a',
        '  - name: b',
        '    prompt: "In {{language}}: {{country}}"',
        'cases:',
        '  - id: fr',
        '    vars: { country: France, language: French }',
        '  - id: de',
        '    vars: { land: Germany }',
      ].join('\n'),
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 4, col: 14, path: 'prompt[0].content' },
      { file: 'evals/s.yaml', line: 8, col: 13, path: 'variants[1].prompt' },
    ])
    expect(issues[0]!.message).toBe('template uses var "country", which case "de" does not define ("de" defines: land)')
    expect(issues[1]!.message).toBe('template uses var "language", which case "de" does not define ("de" defines: land)')
  })

  it('reports config-file problems and keeps checking the suites', () => {
    const issues = issuesOf({
      'evals.config.yaml': 'provider:\n  type: runwar\nconcurency: 3\n',
      'evals/s.yaml': 'name: s\nprompt: hi\nsetings: {}\n' + CASES,
    })
    expect(where(issues)).toEqual([
      { file: 'evals.config.yaml', line: 2, col: 9, path: 'provider.type' },
      { file: 'evals.config.yaml', line: 3, col: 1, path: 'concurency' },
      { file: 'evals/s.yaml', line: 3, col: 1, path: 'setings' },
    ])
    expect(issues[0]!.message).toBe('expected one of emulator, runware, found "runwar"; did you mean "runware"?')
  })

  it('checks a missing emulator script and invalid overrides', () => {
    const issues = issuesOf({ 'evals.config.yaml': 'provider:\n  emulator: { script: nope.yaml }\n' }, { overrides: { concurrency: 0 } })
    expect(where(issues)).toEqual([
      { file: 'evals.config.yaml', line: 2, col: 23, path: 'provider.emulator.script' },
      { file: '(command line)', path: 'concurrency' },
    ])
  })

  it('reports suite paths that do not exist', () => {
    const issues = issuesOf({ 'evals/s.yaml': 'name: s\nprompt: hi\n' + CASES }, { paths: ['evals/nope.yaml'], cwd: '/' })
    expect(where(issues)).toEqual([{ file: 'evals/nope.yaml', path: '' }])
  })

  it('requires a prompt and at least one case', () => {
    const issues = issuesOf({ 'evals/s.yaml': 'name: s\n' })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 1, col: 1, path: 'prompt' },
      { file: 'evals/s.yaml', line: 1, col: 1, path: 'cases' },
    ])
  })

  it('rejects jsonSchema without outputFormat JSON and unreachable atLeast rules', () => {
    const issues = issuesOf({
      'evals/s.yaml': 'name: s\nprompt: hi\njsonSchema: { type: object }\nseeds: [1, 2]\npass: { rule: atLeast, n: 3 }\n' + CASES,
    })
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 3, col: 13, path: 'jsonSchema' },
      { file: 'evals/s.yaml', line: 5, col: 27, path: 'pass.n' },
    ])
  })
})
