/**
 * store: the SQLite run database (better-sqlite3, WAL, numbered migrations). Runs, samples
 * and grades are written as they happen, so an interrupted run keeps every finished sample.
 * May import only ../core.
 */
export { openStore, MIN_PREFIX_LENGTH } from './store.js'
export { storeListener, runWriter, groupWriter, DEFAULT_GROUP_COMMIT, type GroupCommit, type GroupWriter, type RunWriter } from './listener.js'
export type { Store, RunSummary, SampleListener } from './store.js'
export { sampleKeyString } from './rows.js'
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.js'
export type { ResponseCacheStore, CachedResult, CacheStats, CachePut } from './cache.js'
export type { CostHistory, CostObservation } from './history.js'
export type { GcOptions, GcResult } from './maintenance.js'
export { blobHash, INLINE_OUTPUT_MAX } from './rows.js'
export type { CaseHistoryOptions } from './case-history.js'
export { readBaseline, writeBaseline, baselineText, type BaselineContent } from './baseline.js'
export { BASELINE_FORMAT_VERSION, type Baseline, type BaselineSuite } from './baseline-format.js'
