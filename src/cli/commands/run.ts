import { copyFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { RunMeta, RunStatus, SampleRecord, Shard } from '../../core/index.js'
import type { ConfigOverrides, Project } from '../../config/index.js'
import { CostBudget, createRequestTexts, executeRun, type ExecuteOutcome } from '../../runner/index.js'
import { runWriter, type Store } from '../../store/index.js'
import { evaluateThresholds, summarizeSamples } from '../../compare/index.js'
import { buildJsonSummary, formatUsd, progressListener, renderSummaryTable } from '../../report/index.js'
import { checkRunScope, dryRunCommand, openRun } from '../run-session.js'
import type { PreparedRun } from '../run-plan.js'
import { runnerCache } from '../response-cache.js'
import { createEstimator } from '../estimator.js'
import { ExitCode } from '../exit-codes.js'
import { newRunId } from '../run-id.js'
import { gitCommit } from '../git-head.js'
import type { CliIo } from '../io.js'
import { passRulesOf, suiteOrderOf } from '../project-views.js'
import { checkBaseline, gateRun } from '../run-gate.js'
import { readFigures, writeRunPage, type RunPageInput } from '../report-page.js'

export interface RunOptions {
  json?: boolean
  concurrency?: number
  provider?: 'emulator' | 'runware'
  database?: string
  /** False with `--no-cache`: always ask the provider (fresh answers still refresh the cache). */
  cache?: boolean
  /** `--resume <runId|latest>`: run only the samples the stored run still lacks. */
  resume?: string
  /** `--dry-run`: print the plan and its estimated cost; send and store nothing. */
  dryRun?: boolean
  /** `--max-cost <usd>`: start no request that would take the run over this. */
  maxCost?: number
  /** `--shard k/n`: run part k of n of the plan. */
  shard?: Shard
  /** `--baseline`, `--junit`, `--markdown`, `--strict` (see cli/gate.ts). */
  baseline?: string
  junit?: string
  markdown?: string
  strict?: boolean
}

/** `evals run [paths…]`: plan, execute, store, summarise; the exit code follows the thresholds. */
export async function runCommand(paths: string[], options: RunOptions, io: CliIo): Promise<number> {
  const overrides: ConfigOverrides = { provider: options.provider, concurrency: options.concurrency, database: options.database }
  const scope = { ...options, overrides }
  checkRunScope(paths, scope)
  if (options.dryRun) return dryRunCommand(paths, scope, io)
  const commit = gitCommit(io.cwd)
  const { prepared, store, connection } = await openRun(paths, scope, io)
  const { project, plan } = prepared
  try {
    checkBaseline(options, project.config, store, io.cwd)
    const meta = startRun(store, prepared, connection.id, await commit)
    if (prepared.resumed) io.stderr.write(`Resuming run ${meta.id}: ${plan.sampleCount} of ${meta.plannedSamples} planned samples still to run\n`)
    const writer = runWriter(store, meta.id)
    const cache = runnerCache(store, project.config, { read: options.cache !== false, planned: plan.requests.map((r) => r.requestHash), writer })
    const budget = options.maxCost === undefined ? undefined
      : new CostBudget(options.maxCost, createEstimator(store.costHistory(), cache))
    const controller = new AbortController()
    const detach = io.onInterrupt(() => controller.abort())
    const running = executeRun(plan, {
      provider: connection.provider,
      concurrency: project.config.concurrency,
      listeners: [writer.listener, progressListener(io.stderr)],
      signal: controller.signal,
      cache,
      budget,
      // The judge asks through the run's own provider, with the judge's model and settings.
      ...(project.config.judge ? { judge: { provider: connection.provider, config: project.config.judge } } : {}),
      root: project.config.root,
    }).finally(detach)
    running.catch(() => undefined) // handled below, by `await running`; this only marks it handled meanwhile
    await storeRequestTexts(store, prepared, () => {
      controller.abort()
      return running.then(() => undefined, () => undefined)
    })
    const outcome = await running
    const status: RunStatus = outcome.interrupted ? 'interrupted' : 'completed'
    store.finishRun(meta.id, status, new Date().toISOString())
    return finishRun(project, store, { ...meta, status }, io, options, outcome)
  } finally {
    store.close()
    await connection.close()
  }
}

/** Begin a new run, or reopen the resumed one. */
function startRun(store: Store, prepared: PreparedRun, providerId: string, commit: string | undefined): RunMeta {
  if (prepared.resumed) {
    store.reopenRun(prepared.resumed.id)
    return { ...prepared.resumed, status: 'running' }
  }
  const meta = newRunMeta(prepared.project, providerId, prepared.plannedSamples, commit)
  if (prepared.shard) meta.shard = prepared.shard
  store.beginRun(meta)
  return meta
}

/**
 * Store the run's request texts while the first requests are on their way (nothing refers to
 * them until the run is read back), a slice per turn of the event loop. On failure the run is
 * stopped and the error thrown.
 */
async function storeRequestTexts(store: Store, prepared: PreparedRun, stop: () => Promise<void>): Promise<void> {
  const requests = prepared.plan.requests
  const textOf = createRequestTexts()
  for (let from = 0; from < requests.length; from += TEXTS_PER_SLICE) {
    await new Promise<void>((resolve) => setImmediate(resolve))
    try {
      store.putBlobs(requests.slice(from, from + TEXTS_PER_SLICE).map(textOf))
    } catch (error) {
      await stop()
      throw error
    }
  }
}

/**
 * Each slice is one transaction, and a commit writes every page of the blobs' index that its
 * random hashes touched: at 5,000 texts, slices of 250 took 44-56 ms in all, of 2,000 15-23 ms
 * (20,000: 350-380 against 190 ms). A slice of 2,000 takes ~10-20 ms, less than a request's latency.
 */
const TEXTS_PER_SLICE = 2000

function newRunMeta(project: Project, providerId: string, plannedSamples: number, commit: string | undefined): RunMeta {
  return {
    id: newRunId(new Date()),
    startedAt: new Date().toISOString(),
    status: 'running',
    provider: providerId,
    model: project.config.model,
    ...(commit === undefined ? {} : { gitCommit: commit }),
    config: project,
    plannedSamples,
  }
}

function finishRun(project: Project, store: Store, meta: RunMeta, io: CliIo, options: RunOptions, outcome: ExecuteOutcome): number {
  // Whole samples only to compare or write JUnit; else slim figures, and the page reads the store as it is written.
  const samples = options.baseline !== undefined || options.junit !== undefined ? store.loadSamples(meta.id) : undefined
  const figures = samples ?? readFigures(store, meta.id)
  const summary = summarizeSamples(figures, passRulesOf(project), suiteOrderOf(project))
  const verdict = evaluateThresholds(summary, {
    minPassRate: project.config.thresholds.minPassRate,
    maxErrorRate: project.config.thresholds.maxErrorRate,
    suiteMinPassRates: new Map(project.suites.flatMap((s) => (s.minPassRate === undefined ? [] : [[s.name, s.minPassRate]]))),
  })
  if (outcome.budgetStop) verdict.reasons.push(budgetReason(meta, options, outcome.budgetStop))
  const exitCode = outcome.budgetStop && verdict.status !== 'invalid' ? ExitCode.Failed
    : meta.status === 'interrupted' ? ExitCode.Interrupted
    : verdict.status === 'invalid' ? ExitCode.Infra
    : verdict.status === 'fail' ? ExitCode.Failed : ExitCode.Ok
  const gate = gateRun({ config: project.config, store, meta, samples, figures, summary, reasons: verdict.reasons, exitCode, io }, options)
  const reportPath = writeReport(project, {
    meta,
    summary,
    figures,
    extras: {
      comparison: gate.comparison,
      baseSamples: gate.baseline?.input.samples,
      baseFromFile: gate.baseline?.source === 'file',
      sweeps: gate.sweeps,
      thresholds: verdict,
      confidence: project.config.gate?.confidence ?? 0.95,
    },
  }, samples ?? store.iterateSamples(meta.id))
  const rel = (p: string): string => relative(io.cwd, p) || p
  if (options.json) {
    const json = buildJsonSummary(meta, summary, { exitCode: gate.exitCode, reasons: [...verdict.reasons, ...gate.reasons], database: rel(project.config.database), report: rel(reportPath) })
    io.stdout.write(`${JSON.stringify({ ...json, sweeps: gate.sweeps, comparison: gate.comparison }, null, 2)}\n`)
  } else {
    io.stdout.write(`${renderSummaryTable(meta, summary)}\n`)
    for (const reason of verdict.reasons) io.stdout.write(`✗ ${reason}\n`)
    if (gate.text) io.stdout.write(`\n${gate.text}\n\n`)
    if (meta.status === 'interrupted' && !outcome.budgetStop) {
      io.stdout.write(`Run ${meta.id} was interrupted; the samples answered so far are stored (\`evals run --resume ${meta.id}\` runs the rest).\n`)
    }
    io.stdout.write(`Stored in ${rel(project.config.database)} · report ${rel(reportPath)}\n`)
  }
  return gate.exitCode
}

function budgetReason(meta: RunMeta, options: RunOptions, stop: NonNullable<ExecuteOutcome['budgetStop']>): string {
  return `budget: stopped before exceeding --max-cost ${formatUsd(options.maxCost ?? 0)} after spending ${formatUsd(stop.spentUsd)}; ` +
    `${stop.notStarted} planned samples were not started (\`evals run --resume ${meta.id} --max-cost <usd>\` runs them)`
}

/** Write the run's page (in pieces, from `samples` in stored order) and copy it to latest.html. */
function writeReport(project: Project, page: RunPageInput, samples: Iterable<SampleRecord>): string {
  const file = join(project.config.reportsDir, page.meta.id, 'index.html')
  writeRunPage(file, page, samples)
  copyFileSync(file, join(project.config.reportsDir, 'latest.html'))
  return file
}
