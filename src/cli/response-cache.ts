import { hashOf } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import { defaultEmulatorScript, loadEmulatorScript } from '../provider/index.js'
import type { ResponseCache } from '../runner/index.js'
import type { RunWriter, Store } from '../store/index.js'

/**
 * The response cache of a run, as the runner sees it: the store's cache scoped to the service
 * that answers, with the project's TTL. `--no-cache` still refreshes it with fresh answers.
 */

const DAY_MS = 86_400_000
const DEFAULT_TTL_DAYS = 30

/**
 * Which service answers: the real API at its endpoint, or the emulator with its script (an
 * edited emulator script answers differently, so it gets a new scope).
 */
export function cacheScope(config: ProjectConfig): string {
  const p = config.provider
  if (p.type === 'runware') return `runware ${p.baseUrl}`
  const script = p.emulatorScript ? loadEmulatorScript(p.emulatorScript, { thinkingLevels: config.thinkingLevels }) : defaultEmulatorScript
  return `emulator ${hashOf({ script, thinkingLevels: config.thinkingLevels }, 16)}`
}

/** Entries created before this ISO time are not used. */
export function cacheNotBefore(config: ProjectConfig, now: Date): string {
  return new Date(now.getTime() - (config.cache?.ttlDays ?? DEFAULT_TTL_DAYS) * DAY_MS).toISOString()
}

export interface CacheUse {
  /** Serve cached answers (off with `--no-cache`). */
  read: boolean
  /**
   * The request hashes the run will ask for. When given, the cache is searched for all of them
   * at once when the run starts, and only those found are read again; a request that a
   * parallel process caches later in the run is not served from it.
   */
  planned?: readonly string[]
  /** Where new entries go: the run's writer, so they commit with its samples. */
  writer: Pick<RunWriter, 'putCache' | 'flush'>
}

/** The runner's cache, or undefined when `cache.enabled` is false. */
export function runnerCache(store: Store, config: ProjectConfig, use: CacheUse, now = new Date()): ResponseCache | undefined {
  if (config.cache?.enabled === false) return undefined
  const scope = cacheScope(config)
  const notBefore = cacheNotBefore(config, now)
  const { writer } = use
  const present = use.read && use.planned ? store.cache.present(scope, use.planned, notBefore) : undefined
  return {
    flush: () => writer.flush(),
    get: (hash, n) => {
      if (!use.read || (present && !present.has(hash))) return undefined
      const hit = store.cache.get(scope, hash, n, notBefore)
      if (!hit) return undefined
      return { results: hit.map((h) => h.result), ...(hit[0]?.latencyMs === undefined ? {} : { latencyMs: hit[0].latencyMs }) }
    },
    put: (hash, response) => {
      writer.putCache({ scope, requestHash: hash, results: response.results, latencyMs: response.latencyMs, createdAt: new Date().toISOString() })
    },
  }
}
