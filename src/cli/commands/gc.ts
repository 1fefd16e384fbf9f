import type { CliIo } from '../io.js'
import { cacheNotBefore } from '../response-cache.js'
import { formatBytes, projectConfig, withStore } from '../project-database.js'

/**
 * `evals gc [--keep-last N]`: delete all but the newest N runs (named runs and runs still
 * `running` are kept), expired cache entries and blobs nothing refers to, then VACUUM.
 */
export function gcCommand(options: { keepLast?: number; database?: string; json?: boolean }, io: CliIo): number {
  const config = projectConfig(io.cwd, options.database)
  const result = withStore(config, (store) => store.gc({
    keepLast: options.keepLast ?? Number.MAX_SAFE_INTEGER,
    cacheNotBefore: cacheNotBefore(config, new Date()),
  }))
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return 0
  }
  const kept = result.runsProtected.length ? `; kept ${result.runsProtected.length} older named or running run(s)` : ''
  io.stdout.write([
    `Deleted ${result.runsDeleted.length} run(s) with ${result.samplesDeleted} samples${kept}`,
    `Removed ${result.cacheEntriesDeleted} expired cache entries and ${result.blobsDeleted} unused blobs`,
    `Database ${formatBytes(result.bytesBefore)} → ${formatBytes(result.bytesAfter)} (VACUUM)`,
  ].join('\n') + '\n')
  return 0
}
