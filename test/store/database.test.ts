import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../src/core/index.js'
import { openStore, SCHEMA_VERSION, type Store } from '../../src/store/index.js'
import { failSample, makeRun, passSample } from './fixtures.js'

let dir: string
let file: string
const opened: Store[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evals-db-'))
  file = join(dir, 'deep', 'er', 'runs.db')
})

afterEach(() => {
  for (const store of opened.splice(0)) store.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(path = file): Store {
  const store = openStore(path)
  opened.push(store)
  return store
}

function inspect<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn()
  } catch (error) {
    if (error instanceof StoreError) return error
    throw error
  }
  throw new Error('expected a StoreError')
}

describe('database file', () => {
  it('creates the parent directory, applies the migrations and sets user_version', () => {
    open().close()
    inspect(file, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()
      expect(tables).toEqual(expect.arrayContaining(['blobs', 'grades', 'response_cache', 'runs', 'samples']))
    })
  })

  it('keeps data across reopening and does not migrate twice', () => {
    const first = open()
    first.beginRun(makeRun())
    first.recordSample('run-0001-aaaa', passSample)
    first.close()
    const second = open()
    expect(second.getRun('latest')?.id).toBe('run-0001-aaaa')
    expect(second.loadSamples('run-0001-aaaa')).toStrictEqual([passSample])
  })

  it('refuses a database written by a newer version', () => {
    open().close()
    inspect(file, (db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`))
    const error = storeErrorOf(() => openStore(file))
    expect(error.code).toBe('STORE_TOO_NEW')
    expect(error.message).toContain(file)
  })

  it('refuses any foreign database with a higher user_version', () => {
    const path = join(dir, 'foreign.db')
    inspect(path, (db) => db.pragma('user_version = 99'))
    expect(storeErrorOf(() => openStore(path)).code).toBe('STORE_TOO_NEW')
  })

  it('wraps a file that is not a database as STORE_IO naming the file', () => {
    const path = join(dir, 'garbage.db')
    writeFileSync(path, 'this is not a sqlite database, just text '.repeat(200))
    const error = storeErrorOf(() => openStore(path))
    expect(error.code).toBe('STORE_IO')
    expect(error.message).toContain(path)
  })

  it('wraps an unusable path as STORE_IO', () => {
    const blocker = join(dir, 'blocker')
    writeFileSync(blocker, 'a file where a directory should be')
    expect(storeErrorOf(() => openStore(join(blocker, 'runs.db'))).code).toBe('STORE_IO')
  })

  it('lets a second store on the same file see committed samples while the first is open (WAL)', () => {
    const writer = open()
    writer.beginRun(makeRun())
    writer.recordSample('run-0001-aaaa', passSample)
    const reader = open()
    expect(reader.loadSamples('run-0001-aaaa')).toStrictEqual([passSample])
    writer.recordSample('run-0001-aaaa', failSample)
    expect(reader.loadSamples('run-0001-aaaa')).toHaveLength(2)
    expect(reader.listRuns()[0]!.counts).toEqual({ samples: 2, pass: 1, fail: 1, error: 0 })
  })

  it('commits each sample immediately, visible to a raw connection', () => {
    const store = open()
    store.beginRun(makeRun())
    store.recordSample('run-0001-aaaa', passSample)
    const count = inspect(file, (db) => db.prepare('SELECT COUNT(*) FROM grades').pluck().get())
    expect(count).toBe(passSample.grades.length)
  })
})
