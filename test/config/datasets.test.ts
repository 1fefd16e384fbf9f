import { afterAll, describe, expect, it } from 'vitest'
import { loadProject } from '../../src/config/index.js'
import { loadIssues, removeProject, where, writeProject } from './helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach(removeProject))

function project(files: Record<string, string>): string {
  const root = writeProject(files)
  temps.push(root)
  return root
}

const suite = (dataset: string) => `name: s\nprompt: "{{q}}"\ndataset: ${dataset}\n`

describe('datasets', () => {
  it('reads CSV with quoted fields, CRLF, a BOM, empty ids and descriptions', () => {
    const root = project({
      'evals/s.yaml': suite('../datasets/d.csv'),
      'datasets/d.csv': '\uFEFFid,description,q\r\na,first,"x, ""quoted"""\r\n,,"multi\nline"\r\n\r\nc,,z\r\n',
    })
    const [s] = loadProject(root).suites
    expect(s!.cases.map((c) => [c.id.length, c.vars, c.description, c.source.line])).toEqual([
      [1, { q: 'x, "quoted"' }, 'first', 2],
      [12, { q: 'multi\nline' }, undefined, 3],
      [1, { q: 'z' }, undefined, 6],
    ])
  })

  it('reports ragged CSV rows and bad headers with their line numbers', () => {
    const issues = loadIssues(project({
      'evals/s.yaml': suite('../datasets/d.csv'),
      'datasets/d.csv': 'q,q,\n1,2,3\n4,5\n6,7,8,9\n',
    }))
    expect(where(issues)).toEqual([
      { file: 'datasets/d.csv', line: 1, col: 1, path: 'column 2' },
      { file: 'datasets/d.csv', line: 1, col: 1, path: 'column 3' },
      { file: 'datasets/d.csv', line: 3, col: 1, path: '' },
      { file: 'datasets/d.csv', line: 4, col: 1, path: '' },
    ])
    expect(issues[2]!.message).toBe('row has 2 field(s); expected 3 like the header (q, q, )')
  })

  it('reports CSV syntax errors', () => {
    const issues = loadIssues(project({ 'evals/s.yaml': suite('../datasets/d.csv'), 'datasets/d.csv': 'q\n"open\n' }))
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ file: 'datasets/d.csv', line: 2 })
    expect(issues[0]!.message).toMatch(/^CSV syntax: Quote Not Closed/)
  })

  it('reports bad JSONL lines, non-objects and invalid full cases with line numbers', () => {
    const issues = loadIssues(project({
      'evals/s.yaml': suite('../datasets/d.jsonl'),
      'datasets/d.jsonl': [
        '{"q": "ok"}',
        '{"q": oops}',
        '',
        '"text"',
        '{"vars": {"q": 1}, "asert": []}',
        '{"id": [1], "q": "x"}',
      ].join('\n'),
    }))
    expect(where(issues)).toEqual([
      { file: 'datasets/d.jsonl', line: 2, col: 1, path: '' },
      { file: 'datasets/d.jsonl', line: 4, col: 1, path: '' },
      { file: 'datasets/d.jsonl', line: 5, col: 1, path: 'asert' },
      { file: 'datasets/d.jsonl', line: 6, col: 1, path: 'id' },
    ])
    expect(issues[0]!.message).toMatch(/^invalid JSON: /)
    expect(issues[1]!.message).toBe('expected a JSON object on each line, found "text"')
    expect(issues[2]!.message).toBe('unknown key "asert"; did you mean "assert"?')
    expect(issues[3]!.message).toBe('expected a string or an integer, found a list of 1 item')
  })

  it('locates problems inside YAML datasets', () => {
    const issues = loadIssues(project({
      'evals/s.yaml': suite('../datasets/d.yaml'),
      'datasets/d.yaml': '- q: fine\n- just text\n- vars: { q: x }\n  threshold: 2\n',
    }))
    expect(where(issues)).toEqual([
      { file: 'datasets/d.yaml', line: 2, col: 3, path: '[1]' },
      { file: 'datasets/d.yaml', line: 4, col: 14, path: '[2].threshold' },
    ])
  })

  it('wants a list in YAML datasets and a known extension', () => {
    const issues = loadIssues(project({
      'evals/s.yaml': 'name: s\nprompt: "{{q}}"\ndataset:\n  - ../datasets/d.yaml\n  - ../datasets/d.txt\n',
      'datasets/d.yaml': 'q: 1\n',
      'datasets/d.txt': 'q\n',
    }))
    expect(where(issues)).toEqual([
      { file: 'datasets/d.yaml', line: 1, col: 1, path: '' },
      { file: 'evals/s.yaml', line: 5, col: 5, path: 'dataset[1]' },
    ])
    expect(issues[0]!.message).toBe('expected a list of rows, found a mapping')
  })

  it('treats a .json dataset like YAML (positions included) and does not load data files as suites', () => {
    const root = project({
      'evals/s.yaml': 'name: s\nprompt: "{{q}}"\ndataset: rows.json\n',
      'evals/rows.json': '[{"q": "a"}, {"id": "b", "q": "b"}]',
    })
    const p = loadProject(root)
    expect(p.suites.map((s) => s.name)).toEqual(['s'])
    expect(p.suites[0]!.cases.map((c) => c.vars.q)).toEqual(['a', 'b'])
  })

  it('keeps checking a file with schema errors: a bad key and a missing dataset are both reported', () => {
    const issues = loadIssues(project({ 'evals/s.yaml': 'name: s\nprompt: hi\nnumberResults: 0\ndataset: nope.csv\n' }))
    expect(where(issues)).toEqual([
      { file: 'evals/s.yaml', line: 3, col: 16, path: 'numberResults' },
      { file: 'evals/s.yaml', line: 4, col: 10, path: 'dataset' },
    ])
  })
})
