import { loadProject, type ProjectConfig } from '../config/index.js'
import { openStore, type Store } from '../store/index.js'

/** The project's configuration (no suites) with an optional `--database` override. */
export function projectConfig(cwd: string, database?: string): ProjectConfig {
  return loadProject(cwd, { paths: [], overrides: { database } }).config
}

/** Run `fn` with the project's store open; it is closed afterwards whatever happens. */
export function withStore<T>(config: ProjectConfig, fn: (store: Store) => T): T {
  const store = openStore(config.database)
  try {
    return fn(store)
  } finally {
    store.close()
  }
}

/** Bytes as a reader wants them: `812 B`, `4.2 kB`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`
  return `${(bytes / 1e6).toFixed(1)} MB`
}
