import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'
import {
  integrityCheck, makeProject, PLANNED_SAMPLES, plannedKeys, query, sampleKeysOf, spawnCli, until,
} from './durable-helpers.js'

/**
 * Crashes and interrupts against the emulator (150 ms per request, 4 in flight: a run takes
 * about 1.5 s): SIGKILL at several points, then `--resume` must complete the run to exactly
 * its planned samples, each stored once, with an intact database.
 */

const DB = (dir: string): string => join(dir, '.evals', 'evals.db')

function storedCount(dir: string): number {
  try {
    return query<{ n: number }>(DB(dir), 'SELECT COUNT(*) AS n FROM samples')[0]!.n
  } catch {
    return -1 // not created yet
  }
}

function runRow(dir: string): { id: string; status: string; planned_samples: number } {
  return query<{ id: string; status: string; planned_samples: number }>(DB(dir), 'SELECT id, status, planned_samples FROM runs')[0]!
}

async function expectResumeCompletes(dir: string, runId: string): Promise<void> {
  const resumed = await runCli(['run', '--resume', runId, '--json', '--concurrency', '40'], dir)
  expect(resumed.code, resumed.stderr).toBe(0)
  const summary = JSON.parse(resumed.stdout) as { runId: string; status: string; totals: { samples: number } }
  expect(summary.runId).toBe(runId)
  expect(summary.status).toBe('completed')
  expect(summary.totals.samples).toBe(PLANNED_SAMPLES)
  expect(sampleKeysOf(DB(dir), runId)).toEqual(plannedKeys())
  expect(runRow(dir).status).toBe('completed')
  expect(integrityCheck(DB(dir))).toBe('ok')
}

describe('kill -9 during a run, then --resume', { timeout: 120_000 }, () => {
  it.each([
    ['before any sample is stored', 0],
    ['early', 6],
    ['half way', 40],
    ['near the end', 64],
  ])('killed %s (after ≥%i samples): resume completes exactly the planned samples', async (_label, after) => {
    const dir = makeProject({ latencyMs: 150, concurrency: 4 })
    const run = spawnCli(['run'], dir)
    await until(() => storedCount(dir) >= after && (after > 0 || query(DB(dir), 'SELECT 1 FROM runs').length > 0), run)
    run.child.kill('SIGKILL')
    await run.done
    const before = storedCount(dir)
    expect(before).toBeLessThan(PLANNED_SAMPLES)
    const { id, status, planned_samples } = runRow(dir)
    expect(status).toBe('running')
    expect(planned_samples).toBe(PLANNED_SAMPLES)
    expect(integrityCheck(DB(dir))).toBe('ok')
    await expectResumeCompletes(dir, id)
  })

  it('survives a kill of the resume itself, and resuming a complete run changes nothing', async () => {
    const dir = makeProject({ latencyMs: 150, concurrency: 4 })
    const run = spawnCli(['run'], dir)
    await until(() => storedCount(dir) >= 10, run)
    run.child.kill('SIGKILL')
    await run.done
    const { id } = runRow(dir)
    const resume = spawnCli(['run', '--resume', 'latest'], dir)
    const reached = storedCount(dir) + 10
    await until(() => storedCount(dir) >= Math.min(reached, PLANNED_SAMPLES - 2), resume)
    resume.child.kill('SIGKILL')
    await resume.done
    await expectResumeCompletes(dir, id)
    const again = await runCli(['run', '--resume', id], dir)
    expect(again.code).toBe(0)
    expect(again.stderr).toContain(`0 of ${PLANNED_SAMPLES} planned samples still to run`)
    expect(sampleKeysOf(DB(dir), id)).toEqual(plannedKeys())
  })
})

describe('Ctrl+C', { timeout: 120_000 }, () => {
  it('first SIGINT lets the requests in flight finish, stores them and marks the run interrupted', async () => {
    const dir = makeProject({ latencyMs: 150, concurrency: 4 })
    const run = spawnCli(['run'], dir)
    await until(() => storedCount(dir) >= 8, run)
    run.child.kill('SIGINT')
    const result = await run.done
    expect(result.code).toBe(130)
    expect(result.stderr).toContain('finishing the requests in flight')
    expect(result.stdout).toContain('interrupted')
    const { id, status } = runRow(dir)
    expect(status).toBe('interrupted')
    const stored = storedCount(dir)
    expect(stored).toBeLessThan(PLANNED_SAMPLES)
    // every request that was started finished: its two results are both stored
    const partial = query<{ n: number }>(DB(dir),
      'SELECT COUNT(*) AS n FROM (SELECT COUNT(*) AS c FROM samples GROUP BY case_id, variant, seed HAVING c != 2)')
    expect(partial[0]!.n).toBe(0)
    expect(query<{ n: number }>(DB(dir), 'SELECT COUNT(*) AS n FROM samples WHERE outcome = ?', 'error')[0]!.n).toBe(0)
    await expectResumeCompletes(dir, id)
  })

  it('a second SIGINT aborts at once; the run stays resumable', async () => {
    const dir = makeProject({ latencyMs: 600, concurrency: 2 })
    const run = spawnCli(['run'], dir)
    await until(() => storedCount(dir) >= 2, run)
    run.child.kill('SIGINT')
    await until(() => run.stderr().includes('Ctrl+C again'), run)
    run.child.kill('SIGINT')
    const result = await run.done
    expect(result.code).toBe(130)
    expect(result.stderr).toContain('Ctrl+C again to abort')
    const { id, status } = runRow(dir)
    expect(status).toBe('running')
    expect(integrityCheck(DB(dir))).toBe('ok')
    await expectResumeCompletes(dir, id)
  })
})
