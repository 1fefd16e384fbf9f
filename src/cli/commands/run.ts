import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { RunMeta, RunStatus } from '../../core/index.js'
import { loadProject, type ConfigOverrides, type Project } from '../../config/index.js'
import { executeRun, planRun } from '../../runner/index.js'
import { openStore, storeListener, type Store } from '../../store/index.js'
import { evaluateThresholds, summarizeSamples, type RunSummary } from '../../compare/index.js'
import { buildJsonSummary, buildRunPageModel, progressListener, renderRunPage, renderSummaryTable } from '../../report/index.js'
import { connectProvider } from '../provider.js'
import { ExitCode } from '../exit-codes.js'
import { gitCommit, newRunId } from '../run-id.js'
import type { CliIo } from '../io.js'
import { passRulesOf, suiteOrderOf } from '../project-views.js'

export interface RunOptions {
  json?: boolean
  concurrency?: number
  provider?: 'emulator' | 'runware'
  database?: string
}

/** `evals run [paths…]`: plan, execute, store, summarise; the exit code follows the thresholds. */
export async function runCommand(paths: string[], options: RunOptions, io: CliIo): Promise<number> {
  const overrides: ConfigOverrides = { provider: options.provider, concurrency: options.concurrency, database: options.database }
  const project = loadProject(io.cwd, { paths: paths.length ? paths : undefined, overrides })
  const connection = await connectProvider(project.config, io.env)
  const store = openStore(project.config.database)
  try {
    const plan = planRun(project)
    const meta = newRunMeta(project, connection.id, plan.sampleCount, io.cwd)
    store.beginRun(meta)
    const controller = new AbortController()
    const detach = io.onInterrupt(() => controller.abort())
    const outcome = await executeRun(plan, {
      provider: connection.provider,
      concurrency: project.config.concurrency,
      listeners: [storeListener(store, meta.id), progressListener(io.stderr)],
      signal: controller.signal,
    }).finally(detach)
    const status: RunStatus = outcome.interrupted ? 'interrupted' : 'completed'
    store.finishRun(meta.id, status, new Date().toISOString())
    return finishRun(project, store, { ...meta, status }, io, options)
  } finally {
    store.close()
    await connection.close()
  }
}

function newRunMeta(project: Project, providerId: string, plannedSamples: number, cwd: string): RunMeta {
  return {
    id: newRunId(new Date()),
    startedAt: new Date().toISOString(),
    status: 'running',
    provider: providerId,
    model: project.config.model,
    gitCommit: gitCommit(cwd),
    config: project,
    plannedSamples,
  }
}

function finishRun(project: Project, store: Store, meta: RunMeta, io: CliIo, options: RunOptions): number {
  const samples = store.loadSamples(meta.id)
  const summary = summarizeSamples(samples, passRulesOf(project), suiteOrderOf(project))
  const verdict = evaluateThresholds(summary, {
    minPassRate: project.config.thresholds.minPassRate,
    maxErrorRate: project.config.thresholds.maxErrorRate,
    suiteMinPassRates: new Map(project.suites.flatMap((s) => (s.minPassRate === undefined ? [] : [[s.name, s.minPassRate]]))),
  })
  const exitCode = meta.status === 'interrupted' ? ExitCode.Interrupted
    : verdict.status === 'invalid' ? ExitCode.Infra
    : verdict.status === 'fail' ? ExitCode.Failed : ExitCode.Ok
  const reportPath = writeReport(project, meta, summary, samples)
  const rel = (p: string): string => relative(io.cwd, p) || p
  if (options.json) {
    const json = buildJsonSummary(meta, summary, { exitCode, reasons: verdict.reasons, database: rel(project.config.database), report: rel(reportPath) })
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  } else {
    io.stdout.write(`${renderSummaryTable(meta, summary)}\n`)
    for (const reason of verdict.reasons) io.stdout.write(`✗ ${reason}\n`)
    if (meta.status === 'interrupted') io.stdout.write(`Run ${meta.id} was interrupted; the samples answered so far are stored.\n`)
    io.stdout.write(`Stored in ${rel(project.config.database)} · report ${rel(reportPath)}\n`)
  }
  return exitCode
}

function writeReport(project: Project, meta: RunMeta, summary: RunSummary, samples: Parameters<typeof buildRunPageModel>[2]): string {
  const dir = join(project.config.reportsDir, meta.id)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'index.html')
  writeFileSync(file, renderRunPage(buildRunPageModel(meta, summary, samples)))
  copyFileSync(file, join(project.config.reportsDir, 'latest.html'))
  return file
}
