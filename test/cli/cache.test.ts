import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from './helpers.js'
import {
  emulatorScript, makeProject, PLANNED_REQUESTS, PLANNED_SAMPLES, query, startStandaloneEmulator, writeSuite,
  type StandaloneEmulator,
} from './durable-helpers.js'

/**
 * The response cache and the budget against a standalone emulator (`evals emulator --port 0`),
 * reached by the runware provider with a known fake key; requests are counted by the emulator
 * itself. At the end, the key must be found nowhere: database, reports, exports, any output.
 */

const FAKE_KEY = 'sk-evals-FAKE-7f3c9e1d2b4a6058'
const KEY = { RUNWARE_API_KEY: FAKE_KEY }
const outputs: CliResult[] = []
const projects: string[] = []

/** The CLI with the fake key; every output is kept for the final search. */
async function cli(args: string[], cwd: string): Promise<CliResult> {
  const result = await runCli(args, cwd, KEY)
  outputs.push(result)
  return result
}

interface Summary {
  runId: string
  totals: { samples: number; passed: number; costUsd: number; cachedSamples: number; savedUsd: number; latencyP50Ms: number | null }
  suites: Array<{ variants: Array<{ name: string; cachedSamples: number; latencyP50Ms: number | null }> }>
}

let emulator: StandaloneEmulator
let dir: string
let scriptDir: string

beforeAll(async () => {
  scriptDir = makeProject()
  writeFileSync(join(scriptDir, 'emulator.yaml'), emulatorScript(0))
  emulator = await startStandaloneEmulator(join(scriptDir, 'emulator.yaml'))
  dir = makeProject({ runwareUrl: emulator.url })
  projects.push(dir)
}, 120_000)

afterAll(async () => {
  await emulator.close()
})

async function run(args: string[] = []): Promise<Summary> {
  const result = await cli(['run', '--json', ...args], dir)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as Summary
}

describe('response cache', { timeout: 120_000 }, () => {
  let first: Summary

  it('a first run asks the provider once per planned request', async () => {
    const before = await emulator.requests()
    first = await run()
    expect(await emulator.requests()).toBe(before + PLANNED_REQUESTS)
    expect(first.totals.samples).toBe(PLANNED_SAMPLES)
    expect(first.totals.cachedSamples).toBe(0)
    expect(first.totals.costUsd).toBeGreaterThan(0)
  })

  it('a rerun of the unchanged suite makes zero requests; its samples are marked, free and out of latency figures', async () => {
    const before = await emulator.requests()
    const again = await run()
    expect(await emulator.requests()).toBe(before)
    expect(again.totals.samples).toBe(PLANNED_SAMPLES)
    expect(again.totals.passed).toBe(first.totals.passed)
    expect(again.totals.cachedSamples).toBe(PLANNED_SAMPLES)
    expect(again.totals.costUsd).toBe(0)
    expect(again.totals.savedUsd).toBeCloseTo(first.totals.costUsd, 10)
    expect(again.totals.latencyP50Ms).toBeNull()
    const rows = query<{ cached: number; cost_usd: number; n: number }>(join(dir, '.evals', 'evals.db'),
      'SELECT cached, cost_usd, COUNT(*) AS n FROM samples WHERE run_id = ? GROUP BY cached, cost_usd', again.runId)
    expect(rows).toEqual([{ cached: 1, cost_usd: 0, n: PLANNED_SAMPLES }])
  })

  it('the table says what the cache saved', async () => {
    const result = await cli(['run'], dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/80 from cache \(saved \$[0-9.]+\)/)
  })

  it('changing one setting (thinkingLevel of one variant) re-requests exactly the affected requests', async () => {
    writeSuite(dir, 'medium')
    const before = await emulator.requests()
    const changed = await run()
    expect(await emulator.requests()).toBe(before + PLANNED_REQUESTS / 2)
    const byVariant = Object.fromEntries(changed.suites[0]!.variants.map((v) => [v.name, v]))
    expect(byVariant.low!.cachedSamples).toBe(PLANNED_SAMPLES / 2)
    expect(byVariant.high!.cachedSamples).toBe(0)
    expect(byVariant.high!.latencyP50Ms).not.toBeNull()
  })

  it('--no-cache asks the provider for everything again', async () => {
    const before = await emulator.requests()
    const fresh = await run(['--no-cache'])
    expect(await emulator.requests()).toBe(before + PLANNED_REQUESTS)
    expect(fresh.totals.cachedSamples).toBe(0)
  })

  it('--dry-run sends nothing, stores nothing and estimates from the cache', async () => {
    const runsBefore = query(join(dir, '.evals', 'evals.db'), 'SELECT id FROM runs').length
    const before = await emulator.requests()
    const result = await cli(['run', '--dry-run', '--json'], dir)
    expect(result.code, result.stderr).toBe(0)
    const plan = JSON.parse(result.stdout) as { totals: { samples: number; cached: number; estimatedUsd: number } }
    expect(plan.totals).toMatchObject({ samples: PLANNED_SAMPLES, cached: PLANNED_SAMPLES, estimatedUsd: 0 })
    expect(await emulator.requests()).toBe(before)
    expect(query(join(dir, '.evals', 'evals.db'), 'SELECT id FROM runs').length).toBe(runsBefore)
  })

  it('cache stats and cache clear', async () => {
    const stats = await cli(['cache', 'stats', '--json'], dir)
    expect(stats.code).toBe(0)
    const s = JSON.parse(stats.stdout) as { entries: number; requests: number; cachedSamples: number; savedUsd: number }
    expect(s.requests).toBe(PLANNED_REQUESTS + PLANNED_REQUESTS / 2)
    expect(s.entries).toBe(2 * s.requests)
    expect(s.cachedSamples).toBeGreaterThanOrEqual(2 * PLANNED_SAMPLES)
    expect(s.savedUsd).toBeGreaterThan(0)
    const clear = await cli(['cache', 'clear'], dir)
    expect(clear.code).toBe(0)
    expect(clear.stdout).toContain(`Removed ${s.entries} cached results`)
    const before = await emulator.requests()
    await run()
    expect(await emulator.requests()).toBe(before + PLANNED_REQUESTS)
  })
})

describe('budget', { timeout: 120_000 }, () => {
  it('--max-cost stops starting requests before the budget would be exceeded and says so', async () => {
    const fresh = makeProject({ runwareUrl: emulator.url })
    projects.push(fresh)
    {
      const full = await cli(['run', '--json', '--no-cache'], fresh)
      const cost = (JSON.parse(full.stdout) as Summary).totals.costUsd
      const limit = cost / 2
      const result = await cli(['run', '--no-cache', '--max-cost', String(limit)], fresh)
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/budget: stopped before exceeding --max-cost/)
      const rows = query<{ status: string; spent: number; n: number }>(join(fresh, '.evals', 'evals.db'),
        'SELECT r.status, SUM(s.cost_usd) AS spent, COUNT(*) AS n FROM runs r JOIN samples s ON s.run_id = r.id GROUP BY r.id ORDER BY r.started_at')
      expect(rows).toHaveLength(2)
      rows.shift()
      expect(rows[0]!.status).toBe('interrupted')
      expect(rows[0]!.spent).toBeLessThanOrEqual(limit)
      expect(rows[0]!.n).toBeGreaterThan(0)
      expect(rows[0]!.n).toBeLessThan(PLANNED_SAMPLES)
    }
  })

  it('--dry-run states the worst case when no past run gives costs', async () => {
    const fresh = makeProject()
    const result = await cli(['run', '--dry-run'], fresh)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('worst case')
    expect(result.stdout).toMatch(/every sample using all of maxTokens/)
    expect(result.stdout).toContain('nothing was sent or stored')
    expect(existsSync(join(fresh, '.evals'))).toBe(false)
  })
})

describe('the API key', { timeout: 120_000 }, () => {
  it('is absent from the databases, reports, exports and every output of the whole session', async () => {
    expect((await cli(['run', '--shard', '1/2', '--database', 'part-1.db'], dir)).code).toBe(0)
    expect((await cli(['run', '--shard', '2/2', '--database', 'part-2.db'], dir)).code).toBe(0)
    expect((await cli(['merge', 'part-1.db', 'part-2.db'], dir)).code).toBe(0)
    expect((await cli(['baseline', 'save', 'latest', 'main'], dir)).code).toBe(0)
    expect((await cli(['runs', '--json'], dir)).code).toBe(0)
    expect((await cli(['report', 'latest'], dir)).code).toBe(0)
    expect((await cli(['gc', '--keep-last', '20'], dir)).code).toBe(0)
    // every request fails (nothing listens there): error messages are stored, printed and reported
    const dead = makeProject({ runwareUrl: 'http://127.0.0.1:9/v1' })
    projects.push(dead)
    const failed = await cli(['run', '--json'], dead)
    expect(failed.code).toBe(0) // maxErrorRate 1 in this project: errors are data
    expect(failed.stdout).toContain('"errors": 80')

    const files = projects.flatMap(filesUnder)
    expect(files.some((f) => f.endsWith('evals.db'))).toBe(true)
    expect(files.some((f) => f.endsWith('.html'))).toBe(true)
    expect(files.some((f) => f.endsWith('main.json'))).toBe(true)
    for (const file of files) expect(readFileSync(file).includes(FAKE_KEY), file).toBe(false)
    expect(outputs.length).toBeGreaterThan(15)
    for (const { stdout, stderr } of outputs) {
      expect(stdout).not.toContain(FAKE_KEY)
      expect(stderr).not.toContain(FAKE_KEY)
    }
  })
})

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((p) => join(root, p))
    .filter((p) => statSync(p).isFile())
}
