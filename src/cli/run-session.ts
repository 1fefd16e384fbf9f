import { existsSync } from 'node:fs'
import { UsageError, type Shard } from '../core/index.js'
import { loadProject, type ConfigOverrides } from '../config/index.js'
import { openStore, type Store } from '../store/index.js'
import { connectProvider, type ProviderConnection } from './provider.js'
import { prepareNewRun, prepareResume, type PreparedRun } from './run-plan.js'
import { runnerCache } from './response-cache.js'
import { createEstimator } from './estimator.js'
import { buildDryRun, renderDryRun } from './dry-run.js'
import type { CliIo } from './io.js'

/** The options of `evals run` that choose what to run and how to pay for it. */
export interface RunScope {
  overrides: ConfigOverrides
  /** commander's `--no-cache` sets this false. */
  cache?: boolean
  resume?: string
  dryRun?: boolean
  maxCost?: number
  shard?: Shard
}

export interface OpenedRun {
  prepared: PreparedRun
  store: Store
  connection: ProviderConnection
}

export function checkRunScope(paths: string[], scope: RunScope): void {
  if (scope.resume !== undefined && scope.shard) {
    throw new UsageError('--shard cannot be used with --resume: a resumed run keeps the shard it was started with', 'USAGE_CONFLICT')
  }
  if (scope.resume !== undefined && paths.length) {
    throw new UsageError('--resume takes no suite paths: the run is resumed with the suites it was started with', 'USAGE_CONFLICT')
  }
}

/**
 * Load, plan, open the database and connect the provider. A new run meets config and key
 * problems before the database is touched; a resumed one reads its run from the database first.
 */
export async function openRun(paths: string[], scope: RunScope, io: CliIo): Promise<OpenedRun> {
  if (scope.resume === undefined) {
    const project = loadProject(io.cwd, { paths: paths.length ? paths : undefined, overrides: scope.overrides })
    const prepared = prepareNewRun(project, scope.shard)
    const connection = await connectProvider(project.config, io.env)
    return { prepared, connection, store: openOrClose(project.config.database, connection) }
  }
  const store = openExisting(io.cwd, scope)
  try {
    const prepared = prepareResume(store, scope.resume, io.cwd, scope.overrides)
    const connection = await connectProvider(prepared.project.config, io.env)
    return { prepared, connection, store }
  } catch (error) {
    store.close()
    throw error
  }
}

function openOrClose(file: string, connection: ProviderConnection): Store {
  try {
    return openStore(file)
  } catch (error) {
    void connection.close()
    throw error
  }
}

/** The project's database, which must exist (to resume or estimate from). */
function openExisting(cwd: string, scope: RunScope): Store {
  const { config } = loadProject(cwd, { paths: [], overrides: scope.overrides })
  if (!existsSync(config.database)) {
    throw new UsageError(`no database at ${config.database}: there is no run to resume`, 'RUN_NOT_FOUND')
  }
  return openStore(config.database)
}

const NO_WRITES = { putCache: () => undefined, flush: () => undefined }

/** `evals run --dry-run`: print the plan and its estimated cost; sends nothing, stores nothing. */
export function dryRunCommand(paths: string[], scope: RunScope & { json?: boolean }, io: CliIo): number {
  let store: Store | undefined
  try {
    let prepared: PreparedRun
    if (scope.resume !== undefined) {
      store = openExisting(io.cwd, scope)
      prepared = prepareResume(store, scope.resume, io.cwd, scope.overrides)
    } else {
      const project = loadProject(io.cwd, { paths: paths.length ? paths : undefined, overrides: scope.overrides })
      prepared = prepareNewRun(project, scope.shard)
      if (existsSync(project.config.database)) store = openStore(project.config.database)
    }
    // A dry run stores nothing, so it has no writer for new cache entries.
    const cache = store && runnerCache(store, prepared.project.config, { read: scope.cache !== false, writer: NO_WRITES })
    const plan = buildDryRun(prepared, createEstimator(store?.costHistory(), cache))
    io.stdout.write(scope.json ? `${JSON.stringify(plan, null, 2)}\n` : `${renderDryRun(plan)}\n`)
    return 0
  } finally {
    store?.close()
  }
}
