/**
 * store: the SQLite run database (better-sqlite3, WAL, numbered migrations). Runs, samples
 * and grades are written as they happen, so an interrupted run keeps every finished sample.
 * May import only ../core.
 */
export { openStore, storeListener, MIN_PREFIX_LENGTH } from './store.js'
export type { Store, RunSummary, SampleListener } from './store.js'
export { sampleKeyString } from './rows.js'
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.js'
