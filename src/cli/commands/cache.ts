import { formatUsd } from '../../report/index.js'
import type { CliIo } from '../io.js'
import { cacheNotBefore } from '../response-cache.js'
import { formatBytes, projectConfig, withStore } from '../project-database.js'

/** `evals cache stats`: what the response cache holds and what it saved. */
export function cacheStatsCommand(options: { json?: boolean; database?: string }, io: CliIo): number {
  const config = projectConfig(io.cwd, options.database)
  const stats = withStore(config, (store) => store.cache.stats(cacheNotBefore(config, new Date())))
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ enabled: config.cache?.enabled ?? true, ttlDays: config.cache?.ttlDays ?? 30, ...stats }, null, 2)}\n`)
    return 0
  }
  const lines = [
    `Response cache in ${config.database}${config.cache?.enabled === false ? ' (disabled by cache.enabled: false)' : ''}`,
    `  ${stats.entries} cached results of ${stats.requests} requests, ${formatBytes(stats.textBytes)} of text`,
    `  ${stats.expired} older than the ${config.cache?.ttlDays ?? 30}-day TTL (not used; \`evals cache clear --expired\` removes them)`,
    `  first answered for ${formatUsd(stats.costUsd)}${stats.oldest ? ` · oldest ${stats.oldest} · newest ${stats.newest}` : ''}`,
    `  ${stats.cachedSamples} samples of stored runs came from the cache, saving ${formatUsd(stats.savedUsd)}`,
  ]
  io.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

/** `evals cache clear [--expired]`: remove cached responses; stored runs are untouched. */
export function cacheClearCommand(options: { expired?: boolean; database?: string }, io: CliIo): number {
  const config = projectConfig(io.cwd, options.database)
  const before = options.expired ? cacheNotBefore(config, new Date()) : undefined
  const removed = withStore(config, (store) => store.cache.clear(before))
  io.stdout.write(`Removed ${removed} cached result${removed === 1 ? '' : 's'}${options.expired ? ' older than the TTL' : ''}; stored runs are untouched.\n`)
  return 0
}
