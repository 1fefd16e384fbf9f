import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLValidator } from 'fast-xml-parser'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyExampleProject, runCli } from './helpers.js'

/**
 * The CI gate on the example project: save a baseline, then gate a prompt edit against it.
 * The planted regression is a realistic rewording: "main city" instead of "capital", which the
 * emulator (like a model) reads as the largest city, wrong for 8 of the 40 countries.
 */
const BROKEN = ['australia', 'brazil', 'canada', 'morocco', 'new-zealand', 'switzerland', 'turkey', 'vietnam']

function editCapitalsPrompt(dir: string): void {
  const file = join(dir, 'evals', 'capitals.yaml')
  const text = readFileSync(file, 'utf8')
  expect(text).toContain('What is the capital of {{country}}?')
  writeFileSync(file, text.replace('What is the capital of {{country}}?', 'What is the main city of {{country}}?'))
}

describe('evals run --baseline on the example project', () => {
  let dir: string

  beforeAll(async () => {
    dir = copyExampleProject()
    expect((await runCli(['run'], dir)).code).toBe(0)
    const saved = await runCli(['baseline', 'save', 'latest', 'main'], dir)
    expect(saved.code, saved.stderr).toBe(0)
    expect(saved.stdout).toMatch(/^Saved baseline main: baselines\/main\.json \(run \S+, \d+ cases, \d+ samples\)/)
  })

  it('passes the unedited prompt (exit 0) and writes JUnit and Markdown, appending to $GITHUB_STEP_SUMMARY', async () => {
    const stepSummary = join(dir, 'step-summary.md')
    writeFileSync(stepSummary, '# earlier step\n')
    const result = await runCli(['run', '--baseline', 'main', '--junit', 'out/junit.xml', '--markdown', 'out/summary.md'], dir, { GITHUB_STEP_SUMMARY: stepSummary })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('GATE: ✓ pass')
    const junit = readFileSync(join(dir, 'out', 'junit.xml'), 'utf8')
    expect(XMLValidator.validate(junit)).toBe(true)
    expect(junit).toMatch(/<testsuites [^>]*><?/)
    expect(junit).toContain('<testsuite name="capitals"')
    const markdown = readFileSync(join(dir, 'out', 'summary.md'), 'utf8')
    expect(markdown).toMatch(/^## evals ✅ pass/)
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${markdown}\n`)
  })

  it('fails an edited prompt that breaks a fifth of the capitals (exit 1), naming the flipped cases', async () => {
    const edited = copyExampleProject()
    cpSync(join(dir, 'baselines'), join(edited, 'baselines'), { recursive: true })
    editCapitalsPrompt(edited)
    // A fresh checkout: no database, only the committed baseline file.
    const result = await runCli(['run', '--baseline', 'main', '--markdown', 'pr.md'], edited)
    expect(result.code, result.stderr).toBe(1)
    expect(result.stdout).toContain('GATE: ✗ REGRESSION')
    expect(result.stdout).toMatch(/capitals\/default: regression: pass rate fell \d+\.\d pts/)
    const flipped = [...result.stdout.matchAll(/^ {2}↓ capitals\/(\S+): pass/gm)].map((m) => m[1]).sort()
    expect(flipped).toEqual(BROKEN)
    expect(result.stdout).not.toMatch(/^ {2}↑ capitals\//m)
    expect(readFileSync(join(edited, 'pr.md'), 'utf8')).toMatch(/^## evals ❌ regression/)

    // The same two runs compared as files, on a machine with no database at all.
    expect((await runCli(['baseline', 'save', 'latest', 'pr'], edited)).code).toBe(0)
    const bare = mkdtempSync(join(tmpdir(), 'evals-bare-'))
    cpSync(join(edited, 'baselines'), join(bare, 'baselines'), { recursive: true })
    const compared = await runCli(['compare', 'main', 'baselines/pr.json', '--json'], bare)
    expect(compared.code, compared.stderr).toBe(1)
    const json = JSON.parse(compared.stdout) as { comparison: { gate: { status: string }; units: Array<{ suite: string; flipped: Array<{ caseId: string }> }> } }
    expect(json.comparison.gate.status).toBe('regression')
    expect(json.comparison.units.find((u) => u.suite === 'capitals')!.flipped.map((f) => f.caseId).sort()).toEqual(BROKEN)
    expect(existsSync(join(bare, '.evals'))).toBe(false)
  })

  it('prints a small regression as inconclusive (exit 0), and --strict makes it fail', async () => {
    const edited = copyExampleProject()
    cpSync(join(dir, 'baselines'), join(edited, 'baselines'), { recursive: true })
    const csv = join(edited, 'datasets', 'capitals.csv')
    const wrong: Record<string, string> = { france: 'Lyon', japan: 'Osaka', kenya: 'Mombasa', peru: 'Cusco' }
    writeFileSync(csv, readFileSync(csv, 'utf8').replace(/^(france|japan|kenya|peru),([^,]+),(.+)$/gm, (_, id: string, country: string) => `${id},${country},${wrong[id]}`))
    const result = await runCli(['run', 'evals/capitals.yaml', '--baseline', 'main'], edited)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('GATE: ? INCONCLUSIVE')
    expect(result.stdout).toMatch(/about \d+ cases would be needed \(have 40\)/)
    expect(result.stdout).toMatch(/Suite judged-capitals \(\d+ cases\) is only in the base: not compared/)
    const strict = await runCli(['run', 'evals/capitals.yaml', '--baseline', 'main', '--strict'], edited)
    expect(strict.code).toBe(1)
    expect(strict.stdout).toContain('(strict: this fails)')
  })

  it('refuses an unknown baseline before sending anything (exit 2)', async () => {
    const fresh = copyExampleProject()
    const result = await runCli(['run', '--baseline', 'nope'], fresh)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('"nope" is neither a baseline (baselines/nope.json does not exist) nor a stored run')
    const runs = await runCli(['runs', '--json'], fresh)
    expect(JSON.parse(runs.stdout)).toEqual([])
  })

  it('reports a broken baseline file with its file, line and key (exit 2)', async () => {
    const broken = copyExampleProject()
    cpSync(join(dir, 'baselines'), join(broken, 'baselines'), { recursive: true })
    const file = join(broken, 'baselines', 'main.json')
    writeFileSync(file, readFileSync(file, 'utf8').replace('"outcome":"pass"', '"outcome":"passed"'))
    const result = await runCli(['compare', 'main', 'main'], broken)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^baselines\/main\.json:\d+:\d+ {2}samples\[\d+\]\.outcome {2}/m)
  })
})
