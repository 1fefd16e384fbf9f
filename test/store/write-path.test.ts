import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { SampleRecord } from '../../src/core/index.js'
import { blobHash, INLINE_OUTPUT_MAX, MIGRATIONS, openStore, type Store } from '../../src/store/index.js'
import { codeOf, useTempStores } from './temp-stores.js'
import { errorSample, failSample, makeRun, passSample } from './fixtures.js'

/** The batched write path (one transaction, per-sample retry on failure) and migration 5, on real files. */

const stores = useTempStores('evals-write-path-')
const open = stores.open


const at = (i: number): SampleRecord => ({ ...passSample, key: { ...passSample.key, caseId: `case-${String(i).padStart(3, '0')}` } })

describe('recordSamples', () => {
  it('writes a whole batch, long outputs and judged grades included, as recordSample would', () => {
    const store = open()
    store.beginRun(makeRun())
    const long = { ...at(1), output: 'long answer '.repeat(INLINE_OUTPUT_MAX) }
    const judged: SampleRecord = { ...at(2), grades: [{ type: 'llm-rubric', pass: true, score: 0.8, reason: 'fine', weight: 1,
      judge: { model: 'judge@1', calls: 3, agreement: 2 / 3, usage: { promptTokens: 5, completionTokens: 6, totalTokens: 11, thinkingTokens: 0 }, costUsd: 0.01, latencyMs: 40 } }] }
    const batch = [at(0), long, judged, { ...errorSample, key: { ...errorSample.key, caseId: 'case-003' } }]
    store.recordSamples('run-0001-aaaa', batch)
    const one = open(join(stores.dir(), 'one.db'))
    one.beginRun(makeRun())
    for (const sample of batch) one.recordSample('run-0001-aaaa', sample)
    expect(store.loadSamples('run-0001-aaaa')).toStrictEqual(one.loadSamples('run-0001-aaaa'))
    expect(store.loadSamples('run-0001-aaaa').find((s) => s.key.caseId === 'case-002')).toStrictEqual(judged)
    expect(store.getBlob(blobHash(long.output))).toBe(long.output)
  })

  it('keeps every good sample of a batch with a bad one in the middle, and reports the first failure', () => {
    const store = open()
    store.beginRun(makeRun())
    store.recordSample('run-0001-aaaa', at(5))
    const invalid = { ...at(7), outcome: 'maybe' } as unknown as SampleRecord
    const batch = [at(4), at(5), at(6), invalid, at(8)]
    expect(codeOf(() => store.recordSamples('run-0001-aaaa', batch))).toBe('STORE_DUPLICATE_SAMPLE')
    expect(store.loadSamples('run-0001-aaaa').map((s) => s.key.caseId)).toEqual(['case-004', 'case-005', 'case-006', 'case-008'])
  })

  it('says which run was not begun', () => {
    const store = open()
    expect(codeOf(() => store.recordSamples('nope', [at(1), at(2)]))).toBe('STORE_UNKNOWN_RUN')
    store.beginRun(makeRun({ id: 'nope' }))
    expect(store.loadSamples('nope')).toEqual([])
  })
})

describe('migration 5 (response cache one row per request, request-hash prefix indexes)', () => {
  it('keeps complete cache entries with their texts, drops partial ones and blobs only they used', () => {
    const file = join(stores.dir(), 'v4.db')
    const db = new Database(file)
    for (const sql of MIGRATIONS.slice(0, 4)) db.exec(sql)
    db.pragma('user_version = 4')
    const put = db.prepare(`INSERT INTO response_cache (scope, request_hash, result_index, output_hash, result_json, latency_ms, cost_usd, created_at)
      VALUES (?, ?, ?, ?, ?, 12.5, ?, '2026-01-01T00:00:00.000Z')`)
    const blob = db.prepare('INSERT OR IGNORE INTO blobs (hash, text) VALUES (?, ?)')
    const texts = ['Paris', 'Lyon', 'kept by a sample']
    for (const text of texts) blob.run(blobHash(text), text)
    put.run('s', 'r1', 0, blobHash('Paris'), JSON.stringify({ finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3, thinkingTokens: 0 }, costUsd: 0.25 }), 0.25)
    put.run('s', 'r1', 1, blobHash('Lyon'), JSON.stringify({ finishReason: 'tool_calls', toolCalls: [{ id: 't', name: 'f', arguments: { a: null } }] }), null)
    put.run('s', 'partial', 1, blobHash('kept by a sample'), JSON.stringify({ finishReason: 'stop' }), 0.5)
    db.prepare(`INSERT INTO runs (id, started_at, status, provider, model, config_json, planned_samples)
      VALUES ('old', '2025-01-01T00:00:00.000Z', 'completed', 'emulator', 'm', '{}', 1)`).run()
    db.prepare(`INSERT INTO samples (run_id, suite, case_id, variant, seed, result_index, request_hash, outcome, attempts, created_at, output_hash, cost_usd)
      VALUES ('old', 's', 'c', 'v', 1, 0, 'r1', 'pass', 1, '2025-01-01T00:00:00.000Z', ?, 0.5)`).run(blobHash('kept by a sample'))
    db.close()

    const store = open(file)
    const hit = store.cache.get('s', 'r1', 2, '2025-01-01T00:00:00.000Z')
    expect(hit?.map((h) => h.result)).toEqual([
      { text: 'Paris', finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3, thinkingTokens: 0 }, costUsd: 0.25 },
      { text: 'Lyon', finishReason: 'tool_calls', toolCalls: [{ id: 't', name: 'f', arguments: { a: null } }] },
    ])
    expect(hit?.[0]).toMatchObject({ latencyMs: 12.5, createdAt: '2026-01-01T00:00:00.000Z' })
    expect(store.cache.get('s', 'partial', 2, '2025-01-01T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.stats('2025-01-01T00:00:00.000Z')).toMatchObject({ entries: 2, requests: 1, costUsd: 0.25, textBytes: 9 })
    expect(store.getBlob(blobHash('Paris'))).toBeUndefined()
    expect(store.getBlob(blobHash('kept by a sample'))).toBe('kept by a sample')
    expect(store.costHistory().byRequest('r1')?.meanCostUsd).toBe(0.5)
  })

  it('serves a request from one row, replaced when answered again', () => {
    const store = open()
    const results = [{ text: 'a', finishReason: 'stop', costUsd: 1 }, { text: 'b', finishReason: 'stop' }]
    store.cache.putMany([
      { scope: 's', requestHash: 'same-prefix-1', results, latencyMs: 1, createdAt: '2026-01-01T00:00:00.000Z' },
      { scope: 's', requestHash: 'same-prefix-2', results: results.slice(1), latencyMs: 2, createdAt: '2026-01-01T00:00:00.000Z' },
      { scope: 't', requestHash: 'same-prefix-1', results: results.slice(0, 1), latencyMs: 3, createdAt: '2026-01-01T00:00:00.000Z' },
    ])
    store.cache.put('s', 'same-prefix-1', [{ text: 'c', finishReason: 'stop' }], 4, '2026-01-02T00:00:00.000Z')
    expect(store.cache.get('s', 'same-prefix-1', 1, '2025-01-01T00:00:00.000Z')?.map((h) => [h.result.text, h.latencyMs])).toEqual([['c', 4]])
    expect(store.cache.get('s', 'same-prefix-1', 2, '2025-01-01T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.get('s', 'same-prefix-2', 1, '2025-01-01T00:00:00.000Z')?.[0]?.result.text).toBe('b')
    expect(store.cache.get('t', 'same-prefix-1', 1, '2025-01-01T00:00:00.000Z')?.[0]?.result.text).toBe('a')
    expect(store.cache.stats('2026-01-01T12:00:00.000Z')).toMatchObject({ entries: 3, requests: 3, expired: 2, costUsd: 1 })
    expect(store.cache.clear('2026-01-01T12:00:00.000Z')).toBe(2)
    expect(store.gc({ keepLast: 1, cacheNotBefore: '2026-01-03T00:00:00.000Z' }).cacheEntriesDeleted).toBe(1)
  })

  it('finds which planned requests are cached, by scope and age, in one pass', () => {
    const store = open()
    const one = [{ text: 'a', finishReason: 'stop' }]
    store.cache.putMany([
      { scope: 's', requestHash: 'same-prefix-fresh', results: one, latencyMs: 1, createdAt: '2026-01-02T00:00:00.000Z' },
      { scope: 's', requestHash: 'same-prefix-old', results: one, latencyMs: 1, createdAt: '2025-06-01T00:00:00.000Z' },
      { scope: 't', requestHash: 'same-prefix-other', results: one, latencyMs: 1, createdAt: '2026-01-02T00:00:00.000Z' },
    ])
    const planned = ['same-prefix-fresh', 'same-prefix-old', 'same-prefix-other', 'same-prefix-never']
    expect([...store.cache.present('s', planned, '2026-01-01T00:00:00.000Z')]).toEqual(['same-prefix-fresh'])
    expect([...store.cache.present('s', planned, '2025-01-01T00:00:00.000Z')].sort()).toEqual(['same-prefix-fresh', 'same-prefix-old'])
    expect([...store.cache.present('t', planned, '2025-01-01T00:00:00.000Z')]).toEqual(['same-prefix-other'])
  })
})
