import type Database from 'better-sqlite3'
import type { GenerateResult } from '../core/index.js'

/**
 * The response cache: every result of a successful request, in one row per (scope, request
 * hash) that a new answer replaces, its results (texts included) as one JSON array. The scope
 * names the service that answered (the real API at an endpoint, or the emulator with a given
 * script), so an answer is never served for another service. Entries older than the TTL are
 * ignored, then pruned.
 */

export interface CachedResult {
  result: GenerateResult
  latencyMs?: number
  createdAt: string
}

export interface CacheStats {
  /** Cached results (one per result index of each cached request). */
  entries: number
  /** Distinct cached requests. */
  requests: number
  /** Entries older than the TTL (ignored by lookups; `cache clear --expired` removes them). */
  expired: number
  /** Bytes (UTF-8) of cached result texts. */
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
  /**
   * Which of these requests have an entry at or after `notBefore`, checked in one read
   * transaction (a lookup on its own pays for starting a transaction, ~10-40 µs in WAL mode).
   */
  present(scope: string, requestHashes: Iterable<string>, notBefore: string): Set<string>
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
  results_json: string
  n_results: number
  latency_ms: number | null
  created_at: string
}

interface StatsRow {
  entries: number | null
  requests: number
  expired: number | null
  cost: number | null
  oldest: string | null
  newest: string | null
}

/** What the results of a response cost together (undefined costs count as none; all undefined is NULL). */
function costOf(results: readonly GenerateResult[]): number | null {
  let cost: number | null = null
  for (const result of results) if (result.costUsd !== undefined) cost = (cost ?? 0) + result.costUsd
  return cost
}

export function createResponseCache(db: Database.Database): ResponseCacheStore {
  // By a prefix of the hash (a short index key), then the whole hash: see migration 5.
  const select = db.prepare<[string, string, string, string], CacheRow>(`
    SELECT results_json, n_results, latency_ms, created_at FROM response_cache
    WHERE substr(request_hash, 1, 8) = substr(?, 1, 8) AND request_hash = ? AND scope = ? AND created_at >= ?
    ORDER BY created_at DESC LIMIT 1`)
  const exists = db.prepare<[string, string, string, string], number>(`
    SELECT 1 FROM response_cache
    WHERE substr(request_hash, 1, 8) = substr(?, 1, 8) AND request_hash = ? AND scope = ? AND created_at >= ? LIMIT 1`).pluck()
  const presentTx = db.transaction((scope: string, hashes: Iterable<string>, notBefore: string) => {
    const found = new Set<string>()
    for (const hash of hashes) if (exists.get(hash, hash, scope, notBefore) !== undefined) found.add(hash)
    return found
  })
  const remove = db.prepare(`
    DELETE FROM response_cache WHERE substr(request_hash, 1, 8) = substr(?, 1, 8) AND request_hash = ? AND scope = ?`)
  const insert = db.prepare(`
    INSERT INTO response_cache (scope, request_hash, results_json, n_results, latency_ms, cost_usd, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const putOne = (scope: string, hash: string, results: readonly GenerateResult[], latencyMs: number, at: string): void => {
    remove.run(hash, hash, scope)
    insert.run(scope, hash, JSON.stringify(results), results.length, latencyMs ?? null, costOf(results), at)
  }
  const putTx = db.transaction(putOne).immediate
  const putManyTx = db.transaction((entries: readonly CachePut[]) => {
    for (const e of entries) putOne(e.scope, e.requestHash, e.results, e.latencyMs, e.createdAt)
  }).immediate
  return {
    get(scope, requestHash, numberResults, notBefore) {
      const row = select.get(requestHash, requestHash, scope, notBefore)
      if (!row || row.n_results < numberResults) return undefined
      const results = (JSON.parse(row.results_json) as GenerateResult[]).slice(0, numberResults)
      const latency = row.latency_ms === null ? {} : { latencyMs: row.latency_ms }
      return results.map((result) => ({ result, ...latency, createdAt: row.created_at }))
    },
    present: (scope, hashes, notBefore) => presentTx(scope, hashes, notBefore),
    put: (scope, requestHash, results, latencyMs, createdAt) => putTx(scope, requestHash, results, latencyMs, createdAt),
    putMany: (entries) => putManyTx(entries),
    stats: (notBefore) => cacheStats(db, notBefore),
    clear: (before) => deleteCacheEntries(db, before),
  }
}

/** Delete cache entries (all, or those created before `before`); returns how many results they held. */
export function deleteCacheEntries(db: Database.Database, before?: string): number {
  const rows = before === undefined
    ? db.prepare<[], { n: number }>('DELETE FROM response_cache RETURNING n_results AS n').all()
    : db.prepare<[string], { n: number }>('DELETE FROM response_cache WHERE created_at < ? RETURNING n_results AS n').all(before)
  return rows.reduce((sum, row) => sum + row.n, 0)
}

function cacheStats(db: Database.Database, notBefore: string): CacheStats {
  const row = db.prepare<[string], StatsRow>(`
    SELECT SUM(n_results) AS entries, COUNT(*) AS requests, SUM(CASE WHEN created_at < ? THEN n_results ELSE 0 END) AS expired,
           SUM(cost_usd) AS cost, MIN(created_at) AS oldest, MAX(created_at) AS newest
    FROM response_cache`).get(notBefore)!
  const bytes = db.prepare<[], { bytes: number | null }>(`
    SELECT SUM(length(CAST(json_extract(r.value, '$.text') AS BLOB))) AS bytes
    FROM response_cache c, json_each(c.results_json) r`).get()!
  const saved = db.prepare<[], { n: number; usd: number | null }>(
    'SELECT COUNT(*) AS n, SUM(saved_cost_usd) AS usd FROM samples WHERE cached = 1').get()!
  return {
    entries: row.entries ?? 0,
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
