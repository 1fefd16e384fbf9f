import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { deleteCacheEntries } from './cache.js'

/**
 * Housekeeping of the run database: orphan blobs, expired cache entries, old runs, VACUUM.
 * Every deletion is its own short transaction so that a concurrent `evals run` keeps writing.
 */

export interface GcOptions {
  /** Keep the newest N runs (by start time). */
  keepLast: number
  /** Also drop response-cache entries created before this ISO time. */
  cacheNotBefore?: string
}

export interface GcResult {
  runsDeleted: string[]
  /** Runs kept although older than the newest N: named runs (baselines) and runs still `running`. */
  runsProtected: string[]
  samplesDeleted: number
  cacheEntriesDeleted: number
  blobsDeleted: number
  bytesBefore: number
  bytesAfter: number
}

/** Delete blobs that no sample or prompt refers to (cache entries hold their texts); returns how many. */
export function deleteOrphanBlobs(db: Database.Database): number {
  return db.prepare(`
    DELETE FROM blobs WHERE
      NOT EXISTS (SELECT 1 FROM samples s WHERE s.output_hash = blobs.hash) AND
      NOT EXISTS (SELECT 1 FROM samples s
        WHERE substr(s.request_hash, 1, 8) = substr(blobs.hash, 1, 8) AND s.request_hash = blobs.hash)`).run().changes
}

interface GcRunRow {
  id: string
  name: string | null
  status: string
  n: number
}

/** Keep the newest `keepLast` runs plus named and running ones; delete the rest, prune, VACUUM. */
export function collectGarbage(db: Database.Database, file: string, options: GcOptions): GcResult {
  const bytesBefore = fileBytes(db, file)
  const runs = db.prepare<[], GcRunRow>(`
    SELECT r.id, r.name, r.status, (SELECT COUNT(*) FROM samples s WHERE s.run_id = r.id) AS n
    FROM runs r ORDER BY r.started_at DESC, r.rowid DESC`).all()
  const old = runs.slice(options.keepLast)
  const isProtected = (r: GcRunRow): boolean => r.name !== null || r.status === 'running'
  const deleteRun = db.prepare('DELETE FROM runs WHERE id = ?')
  let samplesDeleted = 0
  for (const run of old.filter((r) => !isProtected(r))) {
    db.transaction(() => deleteRun.run(run.id)).immediate()
    samplesDeleted += run.n
  }
  const cacheEntriesDeleted = options.cacheNotBefore === undefined ? 0
    : deleteCacheEntries(db, options.cacheNotBefore)
  const blobsDeleted = deleteOrphanBlobs(db)
  db.exec('VACUUM')
  db.pragma('wal_checkpoint(TRUNCATE)')
  return {
    runsDeleted: old.filter((r) => !isProtected(r)).map((r) => r.id),
    runsProtected: old.filter(isProtected).map((r) => r.id),
    samplesDeleted,
    cacheEntriesDeleted,
    blobsDeleted,
    bytesBefore,
    bytesAfter: fileBytes(db, file),
  }
}

/** Size of the database and its WAL on disk (page count × size for an in-memory one). */
function fileBytes(db: Database.Database, file: string): number {
  if (file === ':memory:' || file === '') {
    return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }))
  }
  const size = (p: string): number => {
    try {
      return statSync(p).size
    } catch {
      return 0
    }
  }
  return size(file) + size(`${file}-wal`)
}
