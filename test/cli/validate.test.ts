import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyExampleProject, runCli } from './helpers.js'

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-validate-'))
  mkdirSync(join(dir, 'evals'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const OK_PROMPT = 'prompt: "Say {{word}}"\ncases:\n  - vars: { word: hi }\n'

describe('evals validate', () => {
  it('accepts the example project', async () => {
    const result = await runCli(['validate'], copyExampleProject())
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/6 suites/)
  })

  it('reports every problem with file:line:col and key, exits 2, no stack trace', async () => {
    const dir = project({
      'evals/typo.yaml': `name: typo\nsetings:\n  maxTokens: 10\n${OK_PROMPT}`,
      'evals/wrong-type.yaml': `name: wrong-type\nnumberResults: many\n${OK_PROMPT}`,
      'evals/no-dataset.yaml': `name: no-dataset\nprompt: "Say {{word}}"\ndataset: ../datasets/missing.csv\n`,
      'evals/bad-regex.yaml': `name: bad-regex\n${OK_PROMPT}assert:\n  - type: regex\n    value: "([a-z"\n`,
      'evals/broken.yaml': `name: broken\nprompt: [unclosed\n`,
    })
    const result = await runCli(['validate'], dir)
    expect(result.code).toBe(2)
    const err = result.stderr
    expect(err).not.toMatch(/\n\s+at /)
    expect(err).toMatch(/evals\/typo\.yaml:2:1 +setings +unknown key "setings"; did you mean "settings"\?/)
    expect(err).toMatch(/evals\/wrong-type\.yaml:2:16 +numberResults +/)
    expect(err).toMatch(/evals\/no-dataset\.yaml:3:\d+ +dataset +.*missing\.csv/)
    expect(err).toMatch(/evals\/bad-regex\.yaml:7:12 +assert\[0\]\.value +.*regex/i)
    expect(err).toMatch(/evals\/broken\.yaml:\d+:\d+ +.*YAML/)
  })

  it('names the case whose vars a prompt template needs but lacks', async () => {
    const dir = project({ 'evals/missing-var.yaml': 'name: mv\nprompt: "Capital of {{country}}?"\ncases:\n  - id: nowhere\n    vars: { place: x }\n' })
    const result = await runCli(['validate'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('nowhere')
    expect(result.stderr).toContain('country')
  })

  it('refuses to run an invalid project and stores nothing', async () => {
    const dir = project({ 'evals/typo.yaml': `name: typo\nsetings: {}\n${OK_PROMPT}` })
    const result = await runCli(['run'], dir)
    expect(result.code).toBe(2)
    expect(existsSync(join(dir, '.evals', 'evals.db'))).toBe(false)
  })
})
