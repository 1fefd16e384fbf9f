import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'

/**
 * The fault soak: 1,000 samples through the real CLI against the emulator injecting 10% 429s
 * and 5% 503s (a seeded sequence), with 2 retries and a 1 ms base backoff. Every sample must
 * be stored exactly once with an outcome; those whose retries ran out are `error` with the
 * cause (kind, code, status, message) and 3 attempts.
 */

const SAMPLES = 1000

function soakProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-soak-'))
  mkdirSync(join(dir, 'evals'))
  writeFileSync(join(dir, 'evals.config.yaml'), `provider:
  type: emulator
  maxRetries: 2
  retryBaseDelayMs: 1
  retryMaxDelayMs: 4
  emulator: { script: emulator.yaml }
concurrency: 16
cache: { enabled: false }
thresholds: { minPassRate: 0, maxErrorRate: 1 }
`)
  writeFileSync(join(dir, 'emulator.yaml'), `latency: { fixedMs: 0 }
faultSeed: 11
faults:
  - { kind: rate_limit, rate: 0.10, retryAfterSeconds: 0 }
  - { kind: server_error, rate: 0.05, status: 503 }
responses:
  - match: "^Item (\\\\d+)"
    answer: ok
`)
  writeFileSync(join(dir, 'items.jsonl'), Array.from({ length: SAMPLES }, (_, i) => JSON.stringify({ id: `item-${i}`, n: i })).join('\n'))
  writeFileSync(join(dir, 'evals', 'soak.yaml'), `name: soak
prompt: "Item {{n}}: answer ok."
dataset: ../items.jsonl
seeds: [1]
assert:
  - type: equals
    value: ok
`)
  return dir
}

interface Row { outcome: string; attempts: number; error_kind: string | null; error_code: string | null; error_status: number | null; error_message: string | null }

describe('fault soak: 1,000 samples under 10% 429 and 5% 503', () => {
  let rows: Row[]
  let summary: { runId: string; totals: { samples: number; passed: number; failed: number; errors: number } }
  let code: number | null
  let distinctKeys: number

  beforeAll(async () => {
    const dir = soakProject()
    const result = await runCli(['run', '--json'], dir)
    code = result.code
    summary = JSON.parse(result.stdout)
    const db = new Database(join(dir, '.evals', 'evals.db'), { readonly: true })
    rows = db.prepare('SELECT outcome, attempts, error_kind, error_code, error_status, error_message FROM samples WHERE run_id = ?').all(summary.runId) as Row[]
    distinctKeys = (db.prepare('SELECT COUNT(DISTINCT case_id || char(0) || variant || char(0) || seed || char(0) || result_index) AS n FROM samples WHERE run_id = ?')
      .get(summary.runId) as { n: number }).n
    db.close()
  }, 120_000)

  it('stores every sample exactly once, each with an outcome', () => {
    expect(code).toBe(0)
    expect(rows).toHaveLength(SAMPLES)
    expect(distinctKeys).toBe(SAMPLES)
    expect(rows.every((r) => ['pass', 'fail', 'error'].includes(r.outcome))).toBe(true)
    expect(summary.totals.samples).toBe(SAMPLES)
  })

  it('retried the faulted requests, and the ones out of retries are errors with their cause', () => {
    const errors = rows.filter((r) => r.outcome === 'error')
    const retried = rows.filter((r) => r.outcome !== 'error' && r.attempts > 1)
    const faultedAttempts = rows.reduce((n, r) => n + (r.outcome === 'error' ? r.attempts : r.attempts - 1), 0)
    const byCause = Object.fromEntries(['rate_limit', 'server'].map((k) => [k, errors.filter((e) => e.error_kind === k).length]))
    console.log(`fault soak: ${rows.length} samples stored (${distinctKeys} distinct), ${rows.filter((r) => r.outcome === 'pass').length} pass, `
      + `${rows.filter((r) => r.outcome === 'fail').length} fail, ${errors.length} error ${JSON.stringify(byCause)}; `
      + `${retried.length} answered after retries; ${faultedAttempts} faulted attempts of ${rows.reduce((n, r) => n + r.attempts, 0)}`)
    // About 15% of ~1,180 attempts are faulted; P(3 faulted attempts in a row) ≈ 0.34%.
    expect(retried.length).toBeGreaterThan(100)
    expect(faultedAttempts).toBeGreaterThan(120)
    expect(errors.length).toBeLessThan(20)
    for (const e of errors) {
      expect(e.attempts).toBe(3)
      expect(['rate_limit', 'server']).toContain(e.error_kind)
      expect(e.error_code).toMatch(/^(rateLimitExceeded|serviceUnavailable)$/)
      expect([429, 503]).toContain(e.error_status)
      expect(e.error_message).toContain('Runware answered HTTP')
    }
    expect(rows.filter((r) => r.outcome !== 'error').every((r) => r.error_kind === null)).toBe(true)
  })
})
