import Database from 'better-sqlite3'
import { HarnessError, StoreError } from '../core/index.js'

/** Turning SQLite and file-system failures into StoreErrors that name the database file. */

/** The same object with every method run inside `wrap` (which turns SQLite errors into StoreErrors). */
export function guardMethods<T extends object>(target: T, wrap: <R>(fn: () => R) => R): T {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(target)) {
    out[key] = typeof value === 'function' ? (...args: unknown[]) => wrap(() => (value as (...a: unknown[]) => unknown)(...args)) : value
  }
  return out as T
}

export function mapRow<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row === undefined ? undefined : map(row)
}

export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined
}

/** Run `fn`, turning SQLite and file-system failures into StoreErrors naming the file. */
export function guard<T>(file: string, action: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw toStoreError(error, file, action)
  }
}

export function toStoreError(error: unknown, file: string, action: string): unknown {
  if (error instanceof HarnessError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return error
  const message = error instanceof Error ? error.message : String(error)
  const storeCode = code.startsWith('SQLITE_CONSTRAINT') ? 'STORE_INVALID_RECORD' : 'STORE_IO'
  return new StoreError(storeCode, `${file}: cannot ${action}: ${message} (${code})`, { cause: error })
}

/** Rows of an open iterator, with SQLite errors met while stepping turned into StoreErrors. */
export function* guardRows<R>(file: string, rows: IterableIterator<R>): Generator<R, void, undefined> {
  try {
    while (true) {
      let next: IteratorResult<R>
      try {
        next = rows.next() // no closure per row: this runs once per sample read
      } catch (error) {
        throw toStoreError(error, file, 'load samples')
      }
      if (next.done) return
      yield next.value
    }
  } finally {
    rows.return?.() // releases the statement when the consumer stops early
  }
}
