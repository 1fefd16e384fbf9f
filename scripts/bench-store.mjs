// Micro-benchmark of the store's write path during `evals run`, per instant sample: the request
// blob (putBlobs at start), the sample and its grade (recordSamples in group-commit batches of
// 256) and the response-cache entry (cache.putMany in batches of 256), on a real SQLite file.
// Uses dist/: run `npx tsc -p .` first.  Usage: node scripts/bench-store.mjs [N ...] [--runs 3]
// (STORE_DIST=/other/dist/store/index.js measures another build, e.g. the previous commit's).
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
const { openStore } = await import(process.env.STORE_DIST ?? '../dist/store/index.js')

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const RUNS = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3
const SIZES = args.length > 0 ? args.map(Number) : [5000, 20000]
const BATCH = 256

const requestText = (i) => JSON.stringify({
  maxTokens: 256, messages: [{ content: `Question number ${i}: what is the capital of the country with code ${i}?`, role: 'user' }],
  model: 'runware:emulator@1', numberResults: 1, seed: 7, temperature: 0.7, thinkingLevel: 'low',
})
const sha = (text) => createHash('sha256').update(text).digest('hex')

function sample(i, requestHash) {
  return {
    key: { suite: 'bench', caseId: `c${i}`, variant: 'default', seed: 7, resultIndex: 0 }, requestHash,
    outcome: 'pass', output: `The word w${i} repeated. Some more text here to look like an answer.`, finishReason: 'stop',
    latencyMs: 1.2, usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30, thinkingTokens: 0 }, costUsd: 0.0001,
    attempts: 1, score: 1, grades: [{ type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 }],
  }
}

function cacheEntry(i, requestHash) {
  return {
    scope: 'emulator 0123456789abcdef', requestHash, latencyMs: 1.2, createdAt: new Date().toISOString(),
    results: [{ text: `The word w${i} repeated. Some more text here to look like an answer.`, finishReason: 'stop',
      usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30, thinkingTokens: 0 }, costUsd: 0.0001 }],
  }
}

function once(n) {
  const dir = mkdtempSync(join(tmpdir(), 'evals-bench-store-'))
  const store = openStore(join(dir, 'evals.db'))
  try {
    store.beginRun({ id: 'run-1', startedAt: new Date().toISOString(), status: 'running', provider: 'emulator', model: 'm', config: {}, plannedSamples: n })
    const texts = Array.from({ length: n }, (_, i) => requestText(i))
    const hashes = texts.map(sha)
    const samples = hashes.map((h, i) => sample(i, h))
    const entries = hashes.map((h, i) => cacheEntry(i, h))
    let t = performance.now()
    store.putBlobs(texts)
    const blobs = performance.now() - t
    let rec = 0
    let put = 0
    for (let b = 0; b < n; b += BATCH) { // interleaved, as in a run
      t = performance.now()
      store.recordSamples('run-1', samples.slice(b, b + BATCH))
      rec += performance.now() - t
      t = performance.now()
      store.cache.putMany(entries.slice(b, b + BATCH))
      put += performance.now() - t
    }
    check(store, n, samples, entries)
    t = performance.now()
    store.close() // checkpoints what the WAL still holds: deferred write cost, counted too
    const close = performance.now() - t
    const us = (ms) => (ms / n) * 1000
    return { blobs: us(blobs), samples: us(rec), cache: us(put), close: us(close), total: us(blobs + rec + put + close) }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The rows read back through the Store API are the rows written. */
function check(store, n, samples, entries) {
  const back = store.loadSamples('run-1')
  if (back.length !== n) throw new Error(`read back ${back.length} samples, wrote ${n}`)
  const i = n - 1
  const got = back.find((s) => s.key.caseId === `c${i}`)
  if (!isDeepStrictEqual(got, samples[i])) throw new Error(`sample differs: ${JSON.stringify(got)}`)
  const hit = store.cache.get(entries[i].scope, entries[i].requestHash, 1, '2000-01-01T00:00:00.000Z')
  if (!isDeepStrictEqual(hit?.map((h) => h.result), entries[i].results)) throw new Error('cache entry not read back')
  if (store.cache.stats('2000-01-01T00:00:00.000Z').entries !== n) throw new Error('cache stats differ')
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const n of SIZES) {
  const runs = Array.from({ length: RUNS }, () => once(n))
  const row = Object.fromEntries(['blobs', 'samples', 'cache', 'close', 'total'].map((k) => [k, median(runs.map((r) => r[k])).toFixed(1)]))
  console.log(`N=${n} (median of ${RUNS}) µs per sample: ${JSON.stringify(row)}`)
}
