import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { GenerateResult, SampleRecord } from '../../src/core/index.js'
import { blobHash, INLINE_OUTPUT_MAX, MIGRATIONS, openStore, type Store } from '../../src/store/index.js'
import { useTempStores } from './temp-stores.js'
import { makeRun, passSample } from './fixtures.js'

/** The response cache, content-addressed blobs, cost history and gc, on real SQLite files. */

const stores = useTempStores('evals-durable-store-')
const open = stores.open

const results: GenerateResult[] = [
  { text: 'Paris', finishReason: 'stop', usage: { promptTokens: 20, completionTokens: 2, totalTokens: 22, thinkingTokens: 256 }, costUsd: 0.0005 },
  { text: 'Lyon', finishReason: 'stop', costUsd: 0.0004, toolCalls: [{ id: 't1', name: 'lookup', arguments: { q: 'France' } }] },
]

describe('response cache', () => {
  it('returns every result of a request, in order, with what it cost first', () => {
    const store = open()
    store.cache.put('emulator a', 'req-1', results, 123.5, '2026-01-02T00:00:00.000Z')
    const hit = store.cache.get('emulator a', 'req-1', 2, '2026-01-01T00:00:00.000Z')
    expect(hit?.map((h) => h.result)).toEqual(results)
    expect(hit?.[0]?.latencyMs).toBe(123.5)
  })

  it('misses on another scope, another request, too few results and entries older than the TTL', () => {
    const store = open()
    store.cache.put('emulator a', 'req-1', results, 10, '2026-01-02T00:00:00.000Z')
    expect(store.cache.get('runware https://api', 'req-1', 2, '2026-01-01T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.get('emulator a', 'req-2', 2, '2026-01-01T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.get('emulator a', 'req-1', 3, '2026-01-01T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.get('emulator a', 'req-1', 2, '2026-01-03T00:00:00.000Z')).toBeUndefined()
    expect(store.cache.get('emulator a', 'req-1', 1, '2026-01-01T00:00:00.000Z')).toHaveLength(1)
  })

  it('refreshes an entry when the same request is answered again', () => {
    const store = open()
    store.cache.put('s', 'r', results, 10, '2020-01-01T00:00:00.000Z')
    store.cache.put('s', 'r', [{ ...results[0]!, text: 'Paris!' }, results[1]!], 20, '2026-01-01T00:00:00.000Z')
    expect(store.cache.get('s', 'r', 2, '2025-01-01T00:00:00.000Z')?.[0]?.result.text).toBe('Paris!')
    expect(store.cache.stats('2025-01-01T00:00:00.000Z')).toMatchObject({ entries: 2, requests: 1, expired: 0 })
  })

  it('stats count entries, expired ones and what cached samples saved; clear removes them', () => {
    const store = open()
    store.cache.put('s', 'old', results, 10, '2020-01-01T00:00:00.000Z')
    store.cache.put('s', 'new', results, 10, '2026-01-01T00:00:00.000Z')
    const run = makeRun()
    store.beginRun(run)
    store.recordSample(run.id, { ...passSample, costUsd: 0, cached: true, savedCostUsd: 0.0005 })
    const stats = store.cache.stats('2025-01-01T00:00:00.000Z')
    expect(stats).toMatchObject({ entries: 4, requests: 2, expired: 2, cachedSamples: 1, savedUsd: 0.0005 })
    expect(stats.costUsd).toBeCloseTo(0.0018, 10)
    expect(store.cache.clear('2025-01-01T00:00:00.000Z')).toBe(2)
    expect(store.cache.get('s', 'new', 2, '2025-01-01T00:00:00.000Z')).toHaveLength(2)
    expect(store.cache.clear()).toBe(2)
    expect(store.cache.stats('2025-01-01T00:00:00.000Z').entries).toBe(0)
  })
})

describe('content-addressed storage', () => {
  const long = 'A long answer. '.repeat(40)
  const longSample = (resultIndex: number): SampleRecord => ({ ...passSample, key: { ...passSample.key, resultIndex }, output: long })

  it('stores a long output once however many samples and cache entries have it, and reads it back', () => {
    expect(long.length).toBeGreaterThan(INLINE_OUTPUT_MAX)
    const store = open()
    const run = makeRun()
    store.beginRun(run)
    for (const i of [0, 1, 2]) store.recordSample(run.id, longSample(i))
    store.cache.put('s', 'r', [{ text: long, finishReason: 'stop' }], 1, '2026-01-01T00:00:00.000Z')
    expect(store.loadSamples(run.id).map((s) => s.output)).toEqual([long, long, long])
    store.close()
    const db = new Database(join(stores.dir(), 'runs.db'), { readonly: true })
    expect(db.prepare('SELECT COUNT(*) AS n FROM blobs WHERE hash = ?').get(blobHash(long))).toEqual({ n: 1 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM samples WHERE output IS NULL AND output_hash = ?').get(blobHash(long))).toEqual({ n: 3 })
    db.close()
  })

  it('keeps short outputs inline and round-trips cached samples exactly', () => {
    const store = open()
    const run = makeRun()
    store.beginRun(run)
    const cached: SampleRecord = { ...passSample, costUsd: 0, attempts: 0, cached: true, savedCostUsd: 0.00012 }
    store.recordSample(run.id, cached)
    expect(store.loadSamples(run.id)).toStrictEqual([cached])
  })

  it('stores prompts (rendered requests) once under their hash', () => {
    const store = open()
    const text = '{"messages":[{"content":"hi","role":"user"}],"model":"m"}'
    store.putBlobs([text, text])
    store.putBlobs([text])
    expect(store.getBlob(blobHash(text))).toBe(text)
  })
})

describe('cost history', () => {
  it('averages what past samples cost by request and by suite and variant, cached ones at their original cost', () => {
    const store = open()
    const run = makeRun()
    store.beginRun(run)
    store.recordSample(run.id, { ...passSample, requestHash: 'h1', costUsd: 0.002 })
    store.recordSample(run.id, { ...passSample, key: { ...passSample.key, resultIndex: 1 }, requestHash: 'h1', costUsd: 0, cached: true, savedCostUsd: 0.004 })
    store.recordSample(run.id, { ...passSample, key: { ...passSample.key, caseId: 'peru' }, requestHash: 'h2', costUsd: 0.006 })
    const history = store.costHistory()
    expect(history.byRequest('h1')?.meanCostUsd).toBeCloseTo(0.003, 10)
    expect(history.byRequest('nope')).toBeUndefined()
    expect(history.byVariant('capitals', 'low')?.meanCostUsd).toBeCloseTo(0.004, 10)
    expect(history.byVariant('capitals', 'high')).toBeUndefined()
  })
})

describe('gc', () => {
  it('keeps the newest runs plus named and running ones, deletes the rest with their samples and unused blobs', () => {
    const file = join(stores.dir(), 'runs.db')
    const store = open(file)
    const long = 'x'.repeat(INLINE_OUTPUT_MAX + 1)
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5']
    ids.forEach((id, i) => {
      store.beginRun(makeRun({ id, startedAt: `2026-01-0${i + 1}T00:00:00.000Z`, status: i === 1 ? 'running' : 'completed' }))
      store.recordSample(id, { ...passSample, output: `${long}${id}` })
    })
    store.close()
    const db = new Database(file)
    db.prepare("UPDATE runs SET name = 'baseline' WHERE id = 'r1'").run()
    db.close()
    const again = open(file)
    const result = again.gc({ keepLast: 2 })
    expect(result.runsDeleted).toEqual(['r3'])
    expect(result.runsProtected.sort()).toEqual(['r1', 'r2'])
    expect(result.samplesDeleted).toBe(1)
    expect(result.blobsDeleted).toBe(1)
    expect(again.listRuns().map((r) => r.id).sort()).toEqual(['r1', 'r2', 'r4', 'r5'])
    expect(again.loadSamples('r4')[0]?.output).toBe(`${long}r4`)
  })
})

describe('migrations', () => {
  it('upgrades a version-1 database in place, keeping every stored sample', () => {
    const file = join(stores.dir(), 'old.db')
    const db = new Database(file)
    db.exec(MIGRATIONS[0]!)
    db.pragma('user_version = 1')
    db.prepare(`INSERT INTO runs (id, started_at, status, provider, model, config_json, planned_samples)
      VALUES ('old', '2025-01-01T00:00:00.000Z', 'completed', 'emulator', 'm', '{}', 1)`).run()
    db.prepare(`INSERT INTO samples (run_id, suite, case_id, variant, seed, result_index, request_hash, outcome, output, attempts, created_at)
      VALUES ('old', 's', 'c', 'v', 1, 0, 'h', 'pass', '${'y'.repeat(INLINE_OUTPUT_MAX + 10)}', 1, '2025-01-01T00:00:00.000Z')`).run()
    db.close()
    const store = open(file)
    const [sample] = store.loadSamples('old')
    expect(sample?.output).toBe('y'.repeat(INLINE_OUTPUT_MAX + 10))
    expect(sample?.cached).toBeUndefined()
    expect(store.getRun('old')?.shard).toBeUndefined()
  })

  it('records and reads back the shard of a run', () => {
    const store = open()
    store.beginRun(makeRun({ id: 'sharded', shard: { index: 2, count: 3 } }))
    expect(store.getRun('sharded')?.shard).toEqual({ index: 2, count: 3 })
  })
})
