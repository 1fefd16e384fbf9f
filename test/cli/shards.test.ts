import { statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PassRule } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import { summarizeSamples, type RunSummary } from '../../src/compare/index.js'
import { runCli } from './helpers.js'
import { integrityCheck, makeProject, query } from './durable-helpers.js'

/** `--shard k/n`, `evals merge` of the parts, `evals gc`, and two writers at once, on a small emulated project. */

interface Summary {
  runId: string
  status: string
  totals: { samples: number; passed: number; failed: number; errors: number }
  suites: Array<{ name: string; cases: { total: number; passed: number; failed: number } }>
}

interface SampleRow {
  k: string
  outcome: string
  output: string | null
}

function samplesOf(db: string, runId: string): SampleRow[] {
  return query<SampleRow>(db, `
    SELECT s.suite || '/' || s.case_id || '/' || s.variant || '/' || s.seed || '/' || s.result_index AS k, s.outcome,
           COALESCE(s.output, b.text) AS output
    FROM samples s LEFT JOIN blobs b ON b.hash = s.output_hash WHERE s.run_id = ? ORDER BY k`, runId)
}

/** Case verdicts of a stored run, by the pass rules it was run with. */
function verdictsOf(file: string, runId: string): RunSummary['cases'] {
  const store = openStore(file)
  try {
    const meta = store.getRun(runId)!
    const suites = (meta.config as { suites: Array<{ name: string; pass: PassRule }> }).suites
    return summarizeSamples(store.loadSamples(runId), new Map(suites.map((s) => [s.name, s.pass]))).cases
  } finally {
    store.close()
  }
}

async function runJson(dir: string, args: string[]): Promise<Summary> {
  const result = await runCli(['run', '--json', '--no-cache', ...args], dir)
  expect([0, 1], result.stderr).toContain(result.code)
  return JSON.parse(result.stdout) as Summary
}

describe('sharding', { timeout: 120_000 }, () => {
  let dir: string
  let whole: Summary
  let shards: Summary[]

  beforeAll(async () => {
    dir = makeProject({ accuracy: 0.6 })
    whole = await runJson(dir, ['--database', 'whole.db'])
    shards = []
    for (const k of [1, 2, 3]) shards.push(await runJson(dir, ['--shard', `${k}/3`, '--database', `shard-${k}.db`]))
  }, 120_000)

  it('splits the plan into disjoint parts that cover it', () => {
    const parts = shards.map((s, i) => samplesOf(join(dir, `shard-${i + 1}.db`), s.runId).map((r) => r.k))
    const all = parts.flat()
    expect(new Set(all).size).toBe(all.length)
    expect(all.sort()).toEqual(samplesOf(join(dir, 'whole.db'), whole.runId).map((r) => r.k))
    for (const p of parts) expect(p.length).toBeGreaterThan(whole.totals.samples / 4)
    expect(whole.totals.passed).toBeGreaterThan(0)
    expect(whole.totals.failed).toBeGreaterThan(0)
  })

  it('picks the same part on every run (deterministic)', async () => {
    const again = await runJson(dir, ['--shard', '2/3', '--database', 'shard-2-again.db'])
    expect(samplesOf(join(dir, 'shard-2-again.db'), again.runId).map((r) => r.k))
      .toEqual(samplesOf(join(dir, 'shard-2.db'), shards[1]!.runId).map((r) => r.k))
  })

  it('merged shards give the same samples, outputs and verdicts as the unsharded run, and report like it', async () => {
    const merge = await runCli(['merge', 'shard-1.db', 'shard-3.db', `shard-2.db#${shards[1]!.runId}`, '--json'], dir)
    expect(merge.code, merge.stderr).toBe(0)
    const merged = JSON.parse(merge.stdout) as { runId: string; status: string; samples: number }
    expect(merged).toMatchObject({ status: 'completed', samples: whole.totals.samples })
    const db = join(dir, '.evals', 'evals.db')
    expect(samplesOf(db, merged.runId)).toEqual(samplesOf(join(dir, 'whole.db'), whole.runId))
    expect(verdictsOf(db, merged.runId)).toEqual(verdictsOf(join(dir, 'whole.db'), whole.runId))
    expect(integrityCheck(db)).toBe('ok')
    const report = await runCli(['report', merged.runId], dir)
    expect(report.code, report.stderr).toBe(0)
  })

  it('merges exported run files (evals baseline save) of the shards into the same outcomes and verdicts', async () => {
    for (const k of [1, 2, 3]) {
      const saved = await runCli(['baseline', 'save', 'latest', `shard-${k}`, '--database', `shard-${k}.db`, '--out', `shard-${k}.json`], dir)
      expect(saved.code, saved.stderr).toBe(0)
    }
    const merge = await runCli(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--database', 'exported.db', '--json'], dir)
    expect(merge.code, merge.stderr).toBe(0)
    const merged = JSON.parse(merge.stdout) as { runId: string; status: string; samples: number }
    expect(merged).toMatchObject({ status: 'completed', samples: whole.totals.samples })
    const outcomes = (rows: SampleRow[]): string[] => rows.map((r) => `${r.k} ${r.outcome}`)
    expect(outcomes(samplesOf(join(dir, 'exported.db'), merged.runId))).toEqual(outcomes(samplesOf(join(dir, 'whole.db'), whole.runId)))
    expect(verdictsOf(join(dir, 'exported.db'), merged.runId)).toEqual(verdictsOf(join(dir, 'whole.db'), whole.runId))
  })

  it('refuses overlapping or mismatched parts and leaves the target untouched', async () => {
    const twice = await runCli(['merge', 'shard-2.db', 'shard-2-again.db', '--database', 'refused.db'], dir)
    expect(twice.code).toBe(2)
    expect(twice.stderr).toContain('both shard 2/3')
    const mixed = await runCli(['merge', 'whole.db', 'shard-1.db', '--database', 'refused.db'], dir)
    expect(mixed.code).toBe(2)
    expect(mixed.stderr).toMatch(/same split|both hold sample/)
    expect(() => statSync(join(dir, 'refused.db'))).toThrow()
  })

  it('a merge with a shard missing is stored as interrupted', async () => {
    const merge = await runCli(['merge', 'shard-1.db', 'shard-2.db', '--database', 'partial.db'], dir)
    expect(merge.code).toBe(0)
    expect(merge.stdout).toContain('Shards 3/3 are missing')
    expect(query(join(dir, 'partial.db'), "SELECT 1 FROM runs WHERE status = 'interrupted'")).toHaveLength(1)
  })
})

describe('storage', { timeout: 120_000 }, () => {
  it('two processes writing the same database at once both finish', async () => {
    const dir = makeProject({ latencyMs: 40, concurrency: 2 })
    const [a, b] = await Promise.all([runCli(['run', '--json', '--no-cache'], dir), runCli(['run', '--json', '--no-cache'], dir)])
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    const db = join(dir, '.evals', 'evals.db')
    const runs = query<{ status: string; n: number }>(db,
      'SELECT r.status, (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id) AS n FROM runs r')
    expect(runs).toHaveLength(2)
    for (const r of runs) expect(r).toEqual({ status: 'completed', n: (JSON.parse(a.stdout) as Summary).totals.samples })
    expect(integrityCheck(db)).toBe('ok')
  })

  it('gc keeps the newest runs, deletes the others with their samples and vacuums', async () => {
    const dir = makeProject()
    for (let i = 0; i < 2; i++) expect((await runCli(['run', '--no-cache'], dir)).code).toBe(0)
    const db = join(dir, '.evals', 'evals.db')
    const ids = query<{ id: string }>(db, 'SELECT id FROM runs ORDER BY started_at').map((r) => r.id)
    const gc = await runCli(['gc', '--keep-last', '1', '--json'], dir)
    expect(gc.code, gc.stderr).toBe(0)
    const result = JSON.parse(gc.stdout) as { runsDeleted: string[]; samplesDeleted: number; bytesAfter: number; bytesBefore: number }
    expect(result.runsDeleted).toEqual([ids[0]])
    expect(result.samplesDeleted).toBe(80)
    expect(query<{ id: string }>(db, 'SELECT id FROM runs').map((r) => r.id)).toEqual([ids[1]])
    expect(query(db, 'SELECT 1 FROM samples WHERE run_id = ?', ids[0])).toHaveLength(0)
    expect(result.bytesAfter).toBeLessThanOrEqual(result.bytesBefore)
    expect(integrityCheck(db)).toBe('ok')
  })
})
