import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyExampleProject, runCli } from './helpers.js'

/** A project of its own: a judge, behaviour assertions, and a judge that answers nonsense for one suite. */
const FILES: Record<string, string> = {
  'evals.config.yaml': [
    'provider: { type: emulator, emulator: { script: emulator.yaml } }',
    'judge: { seed: 3, settings: { thinkingLevel: minimal } }',
    'thresholds: { minPassRate: 0.2, maxErrorRate: 0.5 }',
  ].join('\n'),
  'emulator.yaml': [
    'responses:',
    '  - match: "<rubric>\\\\nNames (\\\\w+)\\\\.\\\\n</rubric>\\\\s*<output>\\\\s*\\\\1\\\\s*</output>"',
    '    answer: { pass: true, score: 0.9, reason: Right city. }',
    '  - match: "<rubric>\\\\nNames"',
    '    answer: { pass: false, score: 0.1, reason: Wrong city. }',
    '  - match: "<rubric>\\\\nBROKEN"',
    '    answer: no verdict here',
    '  - match: "capital of (\\\\w+)\\\\?"',
    '    lookup: { France: Paris, Japan: Tokyo }',
    '    wrong: [Lyon]',
    '    accuracy: 0.5',
  ].join('\n'),
  'checks/short.mjs': 'export default (output, { sample }) => ({ pass: output.length < 20, reason: `finish ${sample.finishReason}` })\n',
  'evals/judged.yaml': [
    'name: judged',
    'prompt: "What is the capital of {{country}}?"',
    'seeds: [1, 2, 3, 4]',
    'cases:',
    '  - { id: fr, vars: { country: France, city: Paris } }',
    '  - { id: jp, vars: { country: Japan, city: Tokyo } }',
    'assert:',
    '  - { type: llm-rubric, value: "Names {{city}}." }',
    '  - { type: finish-reason, value: stop }',
    '  - { type: cost, threshold: 0.01 }',
    '  - { type: latency, threshold: 60000 }',
    '  - { type: tokens, maxThinking: 1000 }',
    '  - { type: javascript, file: ../checks/short.mjs }',
    '  - { type: javascript, value: "output.trim().length > 0" }',
    '  - { type: similarity, value: "{{city}}", threshold: 0.5, weight: 0 }',
  ].join('\n'),
  'evals/broken-judge.yaml': [
    'name: broken-judge',
    'prompt: "What is the capital of France?"',
    'cases: [{ id: fr, vars: {} }]',
    'assert: [{ type: llm-rubric, value: BROKEN }]',
  ].join('\n'),
}

function writeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-judge-'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  return dir
}

interface Totals { samples: number; passed: number; failed: number; errors: number; costUsd: number; judge: { grades: number; calls: number; costUsd: number } }
interface Summary { runId: string; totals: Totals; suites: Array<Totals & { name: string }>; report: string }

describe('evals run with a judge and behaviour assertions (emulator over HTTP, SQLite file)', () => {
  let dir: string
  let summary: Summary
  let code: number | null

  beforeAll(async () => {
    dir = writeProject(FILES)
    const result = await runCli(['run', '--json'], dir)
    code = result.code
    expect(result.stderr).toBe('')
    summary = JSON.parse(result.stdout) as Summary
  })

  it('grades every sample and shows the judge cost apart from the system under test, matching the database', () => {
    expect(code).toBe(0)
    const judged = summary.suites.find((s) => s.name === 'judged')!
    expect(judged).toMatchObject({ samples: 8, errors: 0, judge: { grades: 8, calls: 8 } })
    expect(judged.passed).toBeGreaterThan(0)
    expect(judged.failed).toBeGreaterThan(0)
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    const sut = db.prepare('SELECT sum(cost_usd) FROM samples WHERE run_id = ?').pluck().get(summary.runId) as number
    const judge = db.prepare('SELECT sum(judge_cost_usd) FROM grades WHERE run_id = ?').pluck().get(summary.runId) as number
    const verdicts = db.prepare(`SELECT s.output, g.pass FROM samples s JOIN grades g USING (run_id, suite, case_id, variant, seed, result_index)
      WHERE s.run_id = ? AND s.suite = 'judged' AND g.type = 'llm-rubric'`).all(summary.runId) as Array<{ output: string; pass: number }>
    db.close()
    expect(summary.totals.costUsd).toBeCloseTo(sut, 10)
    expect(summary.totals.judge.costUsd).toBeCloseTo(judge, 10)
    expect(judge).toBeGreaterThan(0)
    // The scripted judge passes exactly the right capitals.
    for (const v of verdicts) expect(v.pass).toBe(['Paris', 'Tokyo'].includes(v.output) ? 1 : 0)
  })

  it('records a judge that gives no verdict as a grader error, keeping the output', () => {
    const broken = summary.suites.find((s) => s.name === 'broken-judge')!
    expect(broken).toMatchObject({ samples: 1, passed: 0, failed: 0, errors: 1 })
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    const row = db.prepare("SELECT outcome, output, error_kind, error_code FROM samples WHERE run_id = ? AND suite = 'broken-judge'").get(summary.runId)
    db.close()
    expect(row).toMatchObject({ outcome: 'error', error_kind: 'grader', error_code: 'JUDGE_INVALID_VERDICT' })
    expect((row as { output: string }).output.length).toBeGreaterThan(0)
  })

  it('puts the judge in the terminal table and the HTML report', async () => {
    const result = await runCli(['run', '--no-cache', 'evals/judged.yaml'], dir)
    expect(result.stdout).toMatch(/│ judge cost │/)
    expect(result.stdout).toMatch(/judge \$\S+ for 8 answers/)
    const html = readFileSync(join(dir, summary.report), 'utf8')
    expect(html).toContain('<th>judge cost</th>')
    expect(html).toMatch(/judge openai:gpt@5-mini · 1 answer · \d+ tokens · \$/)
  })

  it('fails validation of a rubric that uses a var a case lacks, with file, line, key and case', async () => {
    writeFileSync(join(dir, 'evals', 'bad.yaml'), FILES['evals/broken-judge.yaml']!.replace('name: broken-judge', 'name: bad').replace('value: BROKEN', 'value: "Names {{city}}"'))
    const result = await runCli(['validate'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('evals/bad.yaml:4:')
    expect(result.stderr).toContain('assert[0].value  template uses var "city", which case "fr" does not define ("fr" defines no vars)')
  })
})

describe('the example project', () => {
  it('has a judged suite (judge cost apart) and a tool suite (calls graded), both passing', async () => {
    const dir = copyExampleProject()
    const result = await runCli(['run', '--json', 'evals/judged-capitals.yaml', 'evals/weather-tools.yaml'], dir)
    expect(result.code).toBe(0)
    const [judged, tools] = (JSON.parse(result.stdout) as Summary).suites
    expect(judged!.name).toBe('judged-capitals')
    expect(judged!.costUsd).toBeGreaterThan(0)
    expect(judged!.judge.calls).toBe(judged!.samples * 3)
    expect(judged!.judge.costUsd).toBeGreaterThan(0)
    expect(tools).toMatchObject({ name: 'weather-tools', samples: 6, passed: 6, judge: { calls: 0, costUsd: 0 } })
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    const reasons = db.prepare("SELECT reason FROM grades WHERE suite = 'weather-tools' AND type = 'tool-call' AND case_id = 'lima'").pluck().all()
    db.close()
    expect(reasons).toContain('a call of get_weather with {"city":"Lima"} with arguments valid against the schema')
    expect(reasons).toContain('no call of book_flight')
  })
})
