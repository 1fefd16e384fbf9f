import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyExampleProject, runCli } from './helpers.js'
import { makeProject, PLANNED_REQUESTS, query } from './durable-helpers.js'

interface Summary {
  runId: string
  provider: string
  totals: { samples: number; passed: number; failed: number; errors: number; costUsd: number }
  suites: Array<{ name: string; samples: number; passed: number; failed: number; errors: number }>
  report: string
}

describe('evals run on the example project (emulator over real HTTP, real SQLite file)', () => {
  let dir: string
  let first: Summary
  let firstCode: number | null

  beforeAll(async () => {
    dir = copyExampleProject()
    const result = await runCli(['run', '--json'], dir)
    firstCode = result.code
    expect(result.stderr).toBe('')
    first = JSON.parse(result.stdout) as Summary
  })

  it('passes its thresholds and says the results are from the emulator', () => {
    expect(firstCode).toBe(0)
    expect(first.provider).toBe('emulator')
    expect(first.suites.map((s) => s.name).sort()).toEqual(['capitals', 'judged-capitals', 'receipts', 'sentiment-json', 'thinking-levels', 'weather-tools'])
  })

  it('prints totals that match the rows in the database', () => {
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    const rows = db.prepare('SELECT outcome, count(*) AS n, sum(cost_usd) AS cost FROM samples WHERE run_id = ? GROUP BY outcome').all(first.runId) as Array<{ outcome: string; n: number; cost: number }>
    db.close()
    const count = (o: string): number => rows.find((r) => r.outcome === o)?.n ?? 0
    expect(count('pass')).toBe(first.totals.passed)
    expect(count('fail')).toBe(first.totals.failed)
    expect(count('error')).toBe(first.totals.errors)
    expect(count('pass') + count('fail') + count('error')).toBe(first.totals.samples)
    expect(first.totals.samples).toBe(40 * 4 + 6 * 2 + 6 * 3 + 10 * 2 * 4 + 3 * 2 + 3 * 2 * 2)
    expect(first.totals.failed).toBeGreaterThan(0)
    const cost = rows.reduce((a, r) => a + (r.cost ?? 0), 0)
    expect(first.totals.costUsd).toBeCloseTo(cost, 8)
  })

  it('writes an HTML report that names the emulator and escapes nothing away', () => {
    const html = readFileSync(join(dir, first.report), 'utf8')
    expect(html).toContain('emulator')
    expect(html).toContain('capitals')
    expect(existsSync(join(dir, 'reports', 'latest.html'))).toBe(true)
  })

  it('gives the same output text for every sample when run again', async () => {
    const again = await runCli(['run', '--json'], dir)
    expect(again.code).toBe(0)
    const second = JSON.parse(again.stdout) as Summary
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    const outputs = (runId: string): Record<string, string> =>
      Object.fromEntries(
        (db.prepare('SELECT suite, case_id, variant, seed, result_index, output FROM samples WHERE run_id = ?').all(runId) as Array<Record<string, string>>)
          .map((r) => [`${r.suite}/${r.case_id}/${r.variant}/${r.seed}/${r.result_index}`, r.output]),
      )
    const a = outputs(first.runId)
    const b = outputs(second.runId)
    db.close()
    expect(second.runId).not.toBe(first.runId)
    expect(Object.keys(a).length).toBe(first.totals.samples)
    expect(b).toEqual(a)
  })

  it('lists the stored runs', async () => {
    const result = await runCli(['runs', '--json'], dir)
    expect(result.code).toBe(0)
    const runs = JSON.parse(result.stdout) as Array<{ id: string; status: string }>
    expect(runs.map((r) => r.id)).toContain(first.runId)
    expect(runs.every((r) => r.status === 'completed')).toBe(true)
  })

  it('runs one suite by path and prints a table', async () => {
    const result = await runCli(['run', 'evals/capitals.yaml'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('capitals')
    expect(result.stdout).not.toContain('thinking-levels')
    expect(result.stdout).toMatch(/emulator/)
  })
})

describe('evals CLI basics', () => {
  it('refuses the real provider without a key (exit 2), without falling back', async () => {
    const dir = copyExampleProject()
    const result = await runCli(['run', '--provider', 'runware'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('RUNWARE_API_KEY')
    expect(existsSync(join(dir, '.evals', 'evals.db'))).toBe(false)
  })

  it('prints its version', async () => {
    const result = await runCli(['--version'], process.cwd())
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('prints the suite JSON Schema', async () => {
    const result = await runCli(['schema'], process.cwd())
    expect(result.code).toBe(0)
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> }
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['prompt', 'settings', 'seeds', 'assert']))
  })
})

describe('evals run with more requests than one slice of stored request texts', () => {
  it('stores the text of every request it sent, under its hash', async () => {
    const dir = makeProject()
    writeFileSync(join(dir, 'words.jsonl'), Array.from({ length: 2100 }, (_, i) => JSON.stringify({ id: `w${i}`, word: `word${i}` })).join('\n'))
    writeFileSync(join(dir, 'evals', 'words.yaml'), 'name: words\nprompt: "Repeat {{word}}."\nseeds: [3]\ndataset: ../words.jsonl\nassert:\n  - type: contains\n    value: ""\n')
    const result = await runCli(['run', '--json'], dir)
    expect(result.stderr).toBe('')
    const { runId } = JSON.parse(result.stdout) as Summary
    const rows = query<{ hash: string; text: string | null }>(join(dir, '.evals', 'evals.db'),
      'SELECT DISTINCT s.request_hash AS hash, b.text FROM samples s LEFT JOIN blobs b ON b.hash = s.request_hash WHERE s.run_id = ?', runId)
    expect(rows.length).toBe(2100 + PLANNED_REQUESTS)
    for (const row of rows) {
      expect(row.text).not.toBeNull()
      expect(createHash('sha256').update(row.text!).digest('hex')).toBe(row.hash)
    }
  }, 60_000)

  // The bundle leaves out handlebars' source-map dependency, so templates beyond plain vars
  // (a helper, a block) go through handlebars' own code builder: this is its end-to-end check.
  it('renders templates with helpers and blocks in the requests it sends', async () => {
    const dir = makeProject()
    writeFileSync(join(dir, 'evals', 'blocks.yaml'), [
      'name: blocks',
      'prompt: "{{#if loud}}Shout{{else}}Say{{/if}} {{json word}}."',
      'seeds: [3]',
      'cases:',
      '  - { id: a, vars: { word: "hi", loud: true } }',
      '  - { id: b, vars: { word: "yo", loud: false } }',
      'assert: [{ type: contains, value: "" }]',
    ].join('\n'))
    const result = await runCli(['run', '--json', 'evals/blocks.yaml'], dir)
    expect(result.stderr).toBe('')
    const { runId } = JSON.parse(result.stdout) as Summary
    const texts = query<{ text: string }>(join(dir, '.evals', 'evals.db'),
      'SELECT b.text FROM samples s JOIN blobs b ON b.hash = s.request_hash WHERE s.run_id = ? ORDER BY s.case_id', runId)
      .map((r) => (JSON.parse(r.text) as { messages: Array<{ content: string }> }).messages.at(-1)!.content)
    expect(texts).toEqual(['Shout "hi".', 'Say "yo".'])
  }, 60_000)
})
