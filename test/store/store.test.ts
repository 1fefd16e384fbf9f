import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, sampleKeyString, storeListener, type Store } from '../../src/store/index.js'
import { codeOf } from './temp-stores.js'
import { bareErrorSample, errorSample, failSample, makeRun, passSample } from './fixtures.js'

let dir: string
const opened: Store[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evals-store-'))
})

afterEach(() => {
  for (const store of opened.splice(0)) store.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(kind: 'file' | 'memory'): Store {
  const store = openStore(kind === 'memory' ? ':memory:' : join(dir, 'nested', 'runs.db'))
  opened.push(store)
  return store
}


describe.each(['file', 'memory'] as const)('store (%s)', (kind) => {
  it('round-trips a run with pass, fail and error samples in key order', () => {
    const store = open(kind)
    const run = makeRun()
    store.beginRun(run)
    for (const sample of [errorSample, failSample, passSample, bareErrorSample]) store.recordSample(run.id, sample)
    store.finishRun(run.id, 'completed', '2026-01-01T10:05:00.000Z')

    expect(store.getRun(run.id)).toStrictEqual({ ...run, status: 'completed', finishedAt: '2026-01-01T10:05:00.000Z' })
    const expected = [bareErrorSample, errorSample, passSample, failSample]
    expect(store.loadSamples(run.id)).toStrictEqual(expected)
    expect(Array.from(store.iterateSamples(run.id))).toStrictEqual(expected)
  })

  it('omits optional run fields that were not given', () => {
    const store = open(kind)
    const { gitCommit: _omit, ...run } = makeRun()
    store.beginRun(run)
    expect(store.getRun(run.id)).toStrictEqual(run)
  })

  it('rejects a duplicate sample and keeps the first', () => {
    const store = open(kind)
    const run = makeRun()
    store.beginRun(run)
    store.recordSample(run.id, passSample)
    const again = { ...passSample, outcome: 'fail' as const, output: 'changed', grades: [] }
    expect(codeOf(() => store.recordSample(run.id, again))).toBe('STORE_DUPLICATE_SAMPLE')
    expect(store.loadSamples(run.id)).toStrictEqual([passSample])
  })

  it('rejects samples of a run that was not begun, and a run begun twice', () => {
    const store = open(kind)
    expect(codeOf(() => store.recordSample('nope', passSample))).toBe('STORE_UNKNOWN_RUN')
    expect(codeOf(() => store.finishRun('nope', 'completed', '2026-01-01T00:00:00Z'))).toBe('STORE_UNKNOWN_RUN')
    store.beginRun(makeRun())
    expect(codeOf(() => store.beginRun(makeRun()))).toBe('STORE_DUPLICATE_RUN')
  })

  it('resolves latest, exact ids and unique prefixes', () => {
    const store = open(kind)
    store.beginRun(makeRun({ id: 'abcd1111', startedAt: '2026-01-01T10:00:00.000Z' }))
    store.beginRun(makeRun({ id: 'abcd2222', startedAt: '2026-01-03T10:00:00.000Z' }))
    store.beginRun(makeRun({ id: 'ffff0000', startedAt: '2026-01-02T10:00:00.000Z' }))

    expect(store.getRun('latest')?.id).toBe('abcd2222')
    expect(store.getRun('ffff0000')?.id).toBe('ffff0000')
    expect(store.getRun('ffff')?.id).toBe('ffff0000')
    expect(store.getRun('abcd2')?.id).toBe('abcd2222')
    expect(store.getRun('fff')).toBeUndefined() // shorter than 4 characters
    expect(store.getRun('zzzz')).toBeUndefined()
    expect(codeOf(() => store.getRun('abcd'))).toBe('RUN_REF_AMBIGUOUS')
  })

  it('returns undefined for latest in an empty store', () => {
    expect(open(kind).getRun('latest')).toBeUndefined()
  })

  it('lists runs newest first with outcome counts and cost', () => {
    const store = open(kind)
    store.beginRun(makeRun({ id: 'old-run', startedAt: '2026-01-01T00:00:00.000Z' }))
    store.beginRun(makeRun({ id: 'new-run', startedAt: '2026-02-01T00:00:00.000Z' }))
    for (const sample of [passSample, failSample, errorSample]) store.recordSample('new-run', sample)

    const runs = store.listRuns()
    expect(runs.map((r) => r.id)).toEqual(['new-run', 'old-run'])
    expect(runs[0]!.counts).toEqual({ samples: 3, pass: 1, fail: 1, error: 1 })
    expect(runs[0]!.costUsd).toBeCloseTo(0.00032, 10)
    expect(runs[1]!.counts).toEqual({ samples: 0, pass: 0, fail: 0, error: 0 })
    expect(runs[1]!.costUsd).toBe(0)
    expect(store.listRuns(1).map((r) => r.id)).toEqual(['new-run'])
  })

  it('lists the keys of recorded samples for resume', () => {
    const store = open(kind)
    store.beginRun(makeRun())
    store.recordSample('run-0001-aaaa', passSample)
    store.recordSample('run-0001-aaaa', errorSample)
    expect(store.sampleKeys('run-0001-aaaa')).toEqual(new Set([
      'capitals\u0000france\u0000low\u000011\u00000',
      sampleKeyString(errorSample.key),
    ]))
    expect(store.sampleKeys('other')).toEqual(new Set())
  })

  it('records through the runner listener by group commit, within maxDelayMs', async () => {
    const store = open(kind)
    store.beginRun(makeRun())
    const listener = storeListener(store, 'run-0001-aaaa', { maxDelayMs: 5, maxBatch: 100 })
    listener.onSampleEnd(failSample)
    expect(store.loadSamples('run-0001-aaaa')).toStrictEqual([])
    await new Promise((done) => setTimeout(done, 30))
    expect(store.loadSamples('run-0001-aaaa')).toStrictEqual([failSample])
  })

  it('commits at once when maxBatch samples wait, and the rest at the end of the run', () => {
    const store = open(kind)
    store.beginRun(makeRun())
    const listener = storeListener(store, 'run-0001-aaaa', { maxDelayMs: 60_000, maxBatch: 2 })
    const second = { ...failSample, key: { ...failSample.key, resultIndex: failSample.key.resultIndex + 1 } }
    const third = { ...failSample, key: { ...failSample.key, resultIndex: failSample.key.resultIndex + 2 } }
    listener.onSampleEnd(failSample)
    listener.onSampleEnd(second)
    expect(store.loadSamples('run-0001-aaaa')).toHaveLength(2)
    listener.onSampleEnd(third)
    expect(store.loadSamples('run-0001-aaaa')).toHaveLength(2)
    listener.onRunEnd()
    expect(store.loadSamples('run-0001-aaaa')).toStrictEqual([failSample, second, third])
  })

  it('keeps the rest of a batch when one sample of it is a duplicate, and reports the duplicate', () => {
    const store = open(kind)
    store.beginRun(makeRun())
    store.recordSample('run-0001-aaaa', failSample)
    const second = { ...failSample, key: { ...failSample.key, resultIndex: failSample.key.resultIndex + 1 } }
    expect(codeOf(() => store.recordSamples('run-0001-aaaa', [failSample, second]))).toBe('STORE_DUPLICATE_SAMPLE')
    expect(store.loadSamples('run-0001-aaaa')).toStrictEqual([failSample, second])
  })

  it('refuses use after close', () => {
    const store = openStore(kind === 'memory' ? ':memory:' : join(dir, 'closed.db'))
    store.close()
    store.close()
    expect(codeOf(() => store.listRuns())).toBe('STORE_CLOSED')
  })
})

describe('iterateSamples', () => {
  it('streams lazily and can stop early', () => {
    const store = open('file')
    store.beginRun(makeRun())
    for (let i = 0; i < 50; i++) {
      store.recordSample('run-0001-aaaa', { ...passSample, key: { ...passSample.key, resultIndex: i } })
    }
    const seen: number[] = []
    for (const sample of store.iterateSamples('run-0001-aaaa')) {
      seen.push(sample.key.resultIndex)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([0, 1, 2])
    // The statement was released: writing works again.
    store.recordSample('run-0001-aaaa', { ...passSample, key: { ...passSample.key, resultIndex: 99 } })
    expect(store.loadSamples('run-0001-aaaa')).toHaveLength(51)
  })
})
