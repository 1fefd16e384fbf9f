import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadProject } from '../../src/config/index.js'
import { planRun } from '../../src/runner/index.js'

/** Plan expansion: case × variant × seed requests, each with numberResults samples. */

function project(suite: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-plan-'))
  mkdirSync(join(dir, 'evals'))
  writeFileSync(join(dir, 'evals', 'suite.yaml'), suite)
  return dir
}

const SUITE = `
name: expand
prompt: "Capital of {{country}}?"
seeds: [11, 23]
numberResults: 3
variants:
  - name: low
    settings: { thinkingLevel: low }
  - name: high
    settings: { thinkingLevel: high }
cases:
  - id: fr
    vars: { country: France }
  - vars: { country: Peru }
`

describe('planRun', () => {
  const plan = planRun(loadProject(project(SUITE)))

  it('makes one request per case × variant × seed, each carrying one seed and numberResults', () => {
    expect(plan.requests).toHaveLength(2 * 2 * 2)
    expect(plan.sampleCount).toBe(2 * 2 * 2 * 3)
    for (const r of plan.requests) {
      expect([11, 23]).toContain(r.request.seed)
      expect(r.request.numberResults).toBe(3)
      expect(r.keys.map((k) => k.resultIndex)).toEqual([0, 1, 2])
      expect(r.keys.every((k) => k.seed === r.request.seed && k.variant === r.variant.name)).toBe(true)
    }
  })

  it('renders the prompt per case and applies the variant settings', () => {
    const fr = plan.requests.filter((r) => r.case.id === 'fr')
    expect(fr.every((r) => r.request.messages[0]?.content === 'Capital of France?')).toBe(true)
    expect(new Set(fr.map((r) => r.request.settings.thinkingLevel))).toEqual(new Set(['low', 'high']))
  })

  it('gives every sample a unique key and the same plan (ids, hashes) on every load', () => {
    const keys = plan.requests.flatMap((r) => r.keys.map((k) => JSON.stringify(k)))
    expect(new Set(keys).size).toBe(keys.length)
    const again = planRun(loadProject(project(SUITE)))
    expect(again.requests.map((r) => [r.case.id, r.requestHash])).toEqual(plan.requests.map((r) => [r.case.id, r.requestHash]))
    const peru = plan.requests.find((r) => r.case.vars.country === 'Peru')!
    expect(peru.case.id).toMatch(/^[0-9a-f]{12}$/)
  })

  it('hashes requests that differ only in seed differently', () => {
    const [a, b] = plan.requests.filter((r) => r.case.id === 'fr' && r.variant.name === 'low')
    expect(a!.request.seed).not.toBe(b!.request.seed)
    expect(a!.requestHash).not.toBe(b!.requestHash)
  })
})
