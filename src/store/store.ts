import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { HarnessError, StoreError, UsageError } from '../core/index.js'
import type { CaseHistoryRow, RunMeta, RunStatus, SampleFigures, SampleRecord } from '../core/index.js'
import { migrate } from './migrations.js'
import { betterSqliteAddon } from './native-binding.js'
import { guard, guardMethods, guardRows, mapRow, sqliteCode, toStoreError } from './guard.js'
import { figuresOf, prepareFigures } from './figures.js'
import { createResponseCache, type CachePut, type ResponseCacheStore } from './cache.js'
import { createCostHistory, type CostHistory } from './history.js'
import { collectGarbage, type GcOptions, type GcResult } from './maintenance.js'
import { createSampleWriter, isSampleFailure } from './writer.js'
import { queryCaseHistory, type CaseHistoryOptions } from './case-history.js'
import { prepareStatements, type Statements, type RunSummaryRow } from './statements.js'
import {
  rowToGrade, rowToRun, rowToSample, runToParams, sameSample, sampleKeyString, type SampleGradeRow,
} from './rows.js'

/** A stored run with its sample counts, as listed by `evals runs`. */
export interface RunSummary extends RunMeta {
  counts: { samples: number; pass: number; fail: number; error: number }
  costUsd: number
  /** What the judge cost (model-graded assertions), apart from `costUsd`. */
  judgeCostUsd: number
}

/**
 * The run database. Every method is synchronous; every recorded sample is committed
 * before `recordSample` returns. Do not write while consuming `iterateSamples`.
 */
export interface Store {
  readonly file: string
  beginRun(meta: RunMeta): void
  recordSample(runId: string, sample: SampleRecord): void
  /**
   * Record several samples in one transaction; one bad sample never takes the others with it
   * (the batch is then retried sample by sample): throws the first failure after committing the rest.
   * `cachePuts` (response-cache entries) are written in the same transaction: one commit, not two.
   */
  recordSamples(runId: string, samples: readonly SampleRecord[], cachePuts?: readonly CachePut[]): void
  finishRun(runId: string, status: RunStatus, finishedAt: string): void
  /** A run by id, unique id prefix (at least 4 characters) or `latest`. */
  getRun(ref: string): RunMeta | undefined
  /** Newest first. */
  listRuns(limit?: number): RunSummary[]
  /** Ordered by suite, case, variant, seed, result index; grades in assertion order. */
  loadSamples(runId: string): SampleRecord[]
  iterateSamples(runId: string): Generator<SampleRecord, void, undefined>
  /** The samples' figures only (no outputs, reasons or errors), in the same order as `iterateSamples`. */
  iterateFigures(runId: string): Generator<SampleFigures, void, undefined>
  /** Keys of the recorded samples, as `sampleKeyString` builds them. */
  sampleKeys(runId: string): Set<string>
  /** Mark a stopped run `running` again (to resume it). */
  reopenRun(runId: string): void
  /** Store texts once each under their sha256 (content-addressed), in one transaction. */
  putBlobs(texts: Iterable<string>): void
  getBlob(hash: string): string | undefined
  /** The response cache. */
  readonly cache: ResponseCacheStore
  /** Costs of past samples, for estimates. */
  costHistory(): CostHistory
  /** Delete all but the newest runs (named and running runs are kept), prune, VACUUM. */
  gc(options: GcOptions): GcResult
  /** Per-case outcomes of the newest runs of these suites, oldest first (for flakiness). */
  caseHistory(suites: readonly string[], options: CaseHistoryOptions): CaseHistoryRow[]
  close(): void
}

/** What the runner calls as each sample finishes, and once at the end of the run. */
export interface SampleListener {
  onSampleEnd(sample: SampleRecord): void
  onRunEnd(): void
}

export const MIN_PREFIX_LENGTH = 4

/** Open (creating if needed) and migrate the database at `file`; `:memory:` is allowed. */
export function openStore(file: string): Store {
  const db = guard(file, 'open database', () => openDatabase(file))
  try {
    return new SqliteStore(file, db, prepareStatements(db))
  } catch (error) {
    db.close()
    throw toStoreError(error, file, 'prepare statements')
  }
}

function openDatabase(file: string): Database.Database {
  if (file !== ':memory:' && file !== '') mkdirSync(dirname(file), { recursive: true })
  const addon = betterSqliteAddon()
  const db = new Database(file, { timeout: 5000, ...(addon ? { nativeBinding: addon } : {}) })
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db, file)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

class SqliteStore implements Store {
  private readonly insertSampleTx: (runId: string, sample: SampleRecord, at: string) => void
  private readonly insertBatchTx: (runId: string, samples: readonly SampleRecord[], at: string, puts: readonly CachePut[]) => void
  private readonly putBlobsTx: (texts: Iterable<string>) => void
  private readonly batchTx: (body: () => void) => void
  readonly cache: ResponseCacheStore
  private readonly figuresOfRun: ReturnType<typeof prepareFigures>

  constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly sql: Statements,
  ) {
    const writer = createSampleWriter(db)
    this.figuresOfRun = prepareFigures(db)
    this.insertSampleTx = db.transaction(writer.insert).immediate
    const cache = createResponseCache(db)
    this.insertBatchTx = db.transaction((runId: string, samples: readonly SampleRecord[], at: string, puts: readonly CachePut[]) => {
      if (puts.length) cache.putMany(puts)
      for (const sample of samples) writer.insert(runId, sample, at)
    }).immediate
    // Inside this, each insertSampleTx runs as a savepoint.
    this.batchTx = db.transaction((body: () => void) => body()).immediate
    this.putBlobsTx = db.transaction(writer.insertBlobs).immediate
    this.cache = guardMethods(cache, (fn) => this.guard('use the response cache', fn))
  }

  reopenRun(runId: string): void {
    this.guard('reopen run', () => {
      if (this.sql.reopenRun.run(runId).changes === 0) throw new StoreError('STORE_UNKNOWN_RUN', `${this.file}: no run with id ${runId}`)
    })
  }

  putBlobs(texts: Iterable<string>): void {
    this.guard('store blobs', () => this.putBlobsTx(texts))
  }

  getBlob(hash: string): string | undefined {
    return this.guard('read blob', () =>
      this.db.prepare<[string], { text: string }>('SELECT text FROM blobs WHERE hash = ?').get(hash)?.text)
  }

  costHistory(): CostHistory {
    return guardMethods(this.guard('read cost history', () => createCostHistory(this.db)), (fn) => this.guard('read cost history', fn))
  }

  gc(options: GcOptions): GcResult {
    return this.guard('collect garbage', () => collectGarbage(this.db, this.file, options))
  }

  caseHistory(suites: readonly string[], options: CaseHistoryOptions): CaseHistoryRow[] {
    return this.guard('read case history', () => queryCaseHistory(this.db, suites, options))
  }

  beginRun(meta: RunMeta): void {
    this.guard('begin run', () => {
      try {
        this.sql.insertRun.run(runToParams(meta))
      } catch (error) {
        if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error
        throw new StoreError('STORE_DUPLICATE_RUN', `${this.file}: run ${meta.id} already exists`, { cause: error })
      }
    })
  }

  recordSample(runId: string, sample: SampleRecord): void {
    this.guard('record sample', () => {
      try {
        this.insertSampleTx(runId, sample, new Date().toISOString())
      } catch (error) {
        throw this.recordError(error, runId, sample)
      }
    })
  }

  recordSamples(runId: string, samples: readonly SampleRecord[], cachePuts: readonly CachePut[] = []): void {
    this.guard('record samples', () => {
      const at = new Date().toISOString()
      try {
        this.insertBatchTx(runId, samples, at, cachePuts) // all at once: the usual case
        return
      } catch (error) {
        if (!isSampleFailure(error)) throw error
      }
      // Some sample failed and the batch was rolled back: again, each sample in its savepoint.
      let first: unknown
      this.batchTx(() => {
        if (cachePuts.length) this.cache.putMany(cachePuts)
        for (const sample of samples) {
          try {
            this.insertSampleTx(runId, sample, at)
          } catch (error) {
            first ??= this.recordError(error, runId, sample)
          }
        }
      })
      if (first !== undefined) throw first
    })
  }

  private recordError(error: unknown, runId: string, sample: SampleRecord): unknown {
    const code = sqliteCode(error)
    const key = sampleKeyString(sample.key).split('\u0000').join('/')
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new StoreError('STORE_DUPLICATE_SAMPLE',
        `${this.file}: sample ${key} of run ${runId} is already recorded; the first one is kept`, { cause: error })
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new StoreError('STORE_UNKNOWN_RUN',
        `${this.file}: cannot record sample ${key}: run ${runId} was not begun`, { cause: error })
    }
    return error
  }

  finishRun(runId: string, status: RunStatus, finishedAt: string): void {
    this.guard('finish run', () => {
      const { changes } = this.sql.finishRun.run({ id: runId, status, finished_at: finishedAt })
      if (changes === 0) throw new StoreError('STORE_UNKNOWN_RUN', `${this.file}: no run with id ${runId}`)
    })
  }

  getRun(ref: string): RunMeta | undefined {
    return this.guard('resolve run', () => {
      if (ref === 'latest') return mapRow(this.sql.latestRun.get(), rowToRun)
      const exact = mapRow(this.sql.runById.get(ref), rowToRun)
      if (exact || ref.length < MIN_PREFIX_LENGTH) return exact
      const matches = this.sql.runsByPrefix.all({ prefix: ref, length: ref.length }).map(rowToRun)
      if (matches.length > 1) {
        const ids = matches.map((m) => m.id).join(', ')
        throw new UsageError(`run reference "${ref}" is ambiguous; it matches ${ids}`, 'RUN_REF_AMBIGUOUS')
      }
      return matches[0]
    })
  }

  listRuns(limit?: number): RunSummary[] {
    return this.guard('list runs', () => this.sql.listRuns.all({ limit: limit ?? -1 }).map(toSummary))
  }

  loadSamples(runId: string): SampleRecord[] {
    return Array.from(this.iterateSamples(runId))
  }

  *iterateSamples(runId: string): Generator<SampleRecord, void, undefined> {
    const rows = this.guard('load samples', () => this.sql.samplesOfRun.iterate(runId))
    let current: SampleRecord | undefined
    let previous: SampleGradeRow | undefined
    for (const row of guardRows(this.file, rows)) {
      if (!current || !previous || !sameSample(previous, row)) {
        if (current) yield current
        current = rowToSample(row)
      }
      const grade = rowToGrade(row)
      if (grade) current.grades.push(grade)
      previous = row
    }
    if (current) yield current
  }

  iterateFigures(runId: string): Generator<SampleFigures, void, undefined> {
    const rows = this.guard('load samples', () => this.figuresOfRun.iterate(runId))
    return figuresOf(guardRows(this.file, rows))
  }

  sampleKeys(runId: string): Set<string> {
    return this.guard('load sample keys', () => {
      const keys = new Set<string>()
      for (const row of this.sql.sampleKeysOfRun.iterate(runId)) {
        keys.add(sampleKeyString({ suite: row.suite, caseId: row.case_id, variant: row.variant,
          seed: row.seed, resultIndex: row.result_index }))
      }
      return keys
    })
  }

  close(): void {
    if (this.db.open) this.guard('close database', () => this.db.close())
  }

  private guard<T>(action: string, fn: () => T): T {
    if (!this.db.open) throw new StoreError('STORE_CLOSED', `${this.file}: cannot ${action}: the store is closed`)
    return guard(this.file, action, fn)
  }
}

function toSummary(row: RunSummaryRow): RunSummary {
  return {
    ...rowToRun(row),
    counts: { samples: row.n_samples, pass: row.n_pass, fail: row.n_fail, error: row.n_error },
    costUsd: row.cost_usd,
    judgeCostUsd: row.judge_cost_usd,
  }
}
