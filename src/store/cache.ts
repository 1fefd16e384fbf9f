import type Database from 'better-sqlite3'
import type { GenerateResult } from '../core/index.js'
import { blobHash } from './rows.js'

/**
 * The response cache: every result of a successful request, keyed by (scope, request hash,
 * result index). The scope names the service that answered (the real API at an endpoint, or
 * the emulator with a given script), so an answer is never served for another service.
 * Result texts are blobs (stored once); entries older than the TTL are ignored, then pruned.
 */

export interface CachedResult {
  result: GenerateResult
  latencyMs?: number
  createdAt: string
}

export interface CacheStats {
  /** Cached results (one per result index). */
  entries: number
  /** Distinct cached requests. */
  requests: number
  /** Entries older than the TTL (ignored by lookups; `cache clear --expired` removes them). */
  expired: number
  /** Bytes of cached result texts. */
  textBytes: number
  /** What the cached results cost when they were first made. */
  costUsd: number
  oldest?: string
  newest?: string
  /** Samples of stored runs that were served from the cache, and what they would have cost. */
  cachedSamples: number
  savedUsd: number
}

export interface ResponseCacheStore {
  /** Results 0..n-1 of a request, when all n are cached at or after `notBefore` (ISO time). */
  get(scope: string, requestHash: string, numberResults: number, notBefore: string): CachedResult[] | undefined
  /** Store (or refresh) every result of a successful response in one short transaction. */
  put(scope: string, requestHash: string, results: readonly GenerateResult[], latencyMs: number, createdAt: string): void
  /** Several `put`s in one transaction. */
  putMany(entries: readonly CachePut[]): void
  stats(notBefore: string): CacheStats
  /** Remove entries (all, or only those created before `before`); returns how many. */
  clear(before?: string): number
}

export interface CachePut {
  scope: string
  requestHash: string
  results: readonly GenerateResult[]
  latencyMs: number
  createdAt: string
}

interface CacheRow {
  result_index: number
  result_json: string
  latency_ms: number | null
  created_at: string
  text: string
}

interface StatsRow {
  entries: number
  requests: number
  expired: number | null
  cost: number | null
  oldest: string | null
  newest: string | null
}

export function createResponseCache(db: Database.Database, deleteOrphanBlobs: () => number): ResponseCacheStore {
  const select = db.prepare<[string, string, string, number], CacheRow>(`
    SELECT c.result_index, c.result_json, c.latency_ms, c.created_at, b.text
    FROM response_cache c JOIN blobs b ON b.hash = c.output_hash
    WHERE c.scope = ? AND c.request_hash = ? AND c.created_at >= ? AND c.result_index < ?
    ORDER BY c.result_index`)
  const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (hash, text) VALUES (?, ?)')
  const upsert = db.prepare(`
    INSERT OR REPLACE INTO response_cache
      (scope, request_hash, result_index, output_hash, result_json, latency_ms, cost_usd, created_at)
    VALUES (@scope, @request_hash, @result_index, @output_hash, @result_json, @latency_ms, @cost_usd, @created_at)`)
  const putOne = (scope: string, hash: string, results: readonly GenerateResult[], latencyMs: number, at: string): void => {
    results.forEach((result, index) => {
      const outputHash = blobHash(result.text)
      insertBlob.run(outputHash, result.text)
      const { text: _text, ...rest } = result
      upsert.run({
        scope, request_hash: hash, result_index: index, output_hash: outputHash, result_json: JSON.stringify(rest),
        latency_ms: latencyMs, cost_usd: result.costUsd ?? null, created_at: at,
      })
    })
  }
  const putTx = db.transaction(putOne).immediate
  const putManyTx = db.transaction((entries: readonly CachePut[]) => {
    for (const e of entries) putOne(e.scope, e.requestHash, e.results, e.latencyMs, e.createdAt)
  }).immediate
  return {
    get(scope, requestHash, numberResults, notBefore) {
      const rows = select.all(scope, requestHash, notBefore, numberResults)
      if (rows.length !== numberResults) return undefined
      return rows.map((row) => ({
        result: { ...(JSON.parse(row.result_json) as Omit<GenerateResult, 'text'>), text: row.text },
        ...(row.latency_ms === null ? {} : { latencyMs: row.latency_ms }),
        createdAt: row.created_at,
      }))
    },
    put: (scope, requestHash, results, latencyMs, createdAt) => putTx(scope, requestHash, results, latencyMs, createdAt),
    putMany: (entries) => putManyTx(entries),
    stats: (notBefore) => cacheStats(db, notBefore),
    clear(before) {
      const removed = before === undefined
        ? db.prepare('DELETE FROM response_cache').run().changes
        : db.prepare('DELETE FROM response_cache WHERE created_at < ?').run(before).changes
      deleteOrphanBlobs()
      return removed
    },
  }
}

function cacheStats(db: Database.Database, notBefore: string): CacheStats {
  const row = db.prepare<[string], StatsRow>(`
    SELECT COUNT(*) AS entries, COUNT(DISTINCT scope || ' ' || request_hash) AS requests,
           SUM(created_at < ?) AS expired, SUM(cost_usd) AS cost, MIN(created_at) AS oldest, MAX(created_at) AS newest
    FROM response_cache`).get(notBefore)!
  const bytes = db.prepare<[], { bytes: number | null }>(
    'SELECT SUM(length(CAST(text AS BLOB))) AS bytes FROM blobs WHERE hash IN (SELECT output_hash FROM response_cache)').get()!
  const saved = db.prepare<[], { n: number; usd: number | null }>(
    'SELECT COUNT(*) AS n, SUM(saved_cost_usd) AS usd FROM samples WHERE cached = 1').get()!
  return {
    entries: row.entries,
    requests: row.requests,
    expired: row.expired ?? 0,
    textBytes: bytes.bytes ?? 0,
    costUsd: row.cost ?? 0,
    ...(row.oldest === null ? {} : { oldest: row.oldest }),
    ...(row.newest === null ? {} : { newest: row.newest }),
    cachedSamples: saved.n,
    savedUsd: saved.usd ?? 0,
  }
}
