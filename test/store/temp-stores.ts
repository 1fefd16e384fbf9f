import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { openStore, type Store } from '../../src/store/index.js'

/** Stores on real files in a fresh temporary folder per test, closed and removed after it. */
export interface TempStores {
  /** The current test's folder. */
  dir(): string
  /** Open (creating) a store; `runs.db` in the test's folder by default. */
  open(file?: string): Store
}

export function useTempStores(prefix: string): TempStores {
  let dir = ''
  const opened: Store[] = []
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterEach(() => {
    for (const store of opened.splice(0)) store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return {
    dir: () => dir,
    open(file = join(dir, 'runs.db')) {
      const store = openStore(file)
      opened.push(store)
      return store
    },
  }
}

/** The `code` of what `fn` throws, or undefined when it does not throw. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}
