import Table from 'cli-table3'
import { loadProject } from '../../config/index.js'
import { openStore } from '../../store/index.js'
import { formatUsd } from '../../report/index.js'
import type { CliIo } from '../io.js'

/** `evals runs`: the stored runs, newest first. */
export function runsCommand(options: { limit?: number; json?: boolean }, io: CliIo): number {
  const project = loadProject(io.cwd, { paths: [] })
  const store = openStore(project.config.database)
  try {
    const runs = store.listRuns(options.limit ?? 20)
    if (options.json) {
      io.stdout.write(`${JSON.stringify(runs.map(({ config: _config, ...rest }) => rest), null, 2)}\n`)
      return 0
    }
    if (runs.length === 0) {
      io.stdout.write('No runs stored yet: `evals run` makes one.\n')
      return 0
    }
    const table = new Table({ head: ['run', 'started', 'status', 'provider', 'samples', 'pass', 'fail', 'error', 'cost', 'judge cost'], style: { head: [], border: [] } })
    for (const r of runs) {
      table.push([r.id, r.startedAt, r.status, r.provider, r.counts.samples, r.counts.pass, r.counts.fail, r.counts.error, formatUsd(r.costUsd), r.judgeCostUsd ? formatUsd(r.judgeCostUsd) : '–'])
    }
    io.stdout.write(`${table.toString()}\n`)
    return 0
  } finally {
    store.close()
  }
}
