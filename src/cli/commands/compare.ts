import { existsSync } from 'node:fs'
import { evaluateThresholds, summarizeSamples, type RunSummary, type ThresholdVerdict } from '../../compare/index.js'
import { openStore, type Store } from '../../store/index.js'
import { ExitCode } from '../exit-codes.js'
import { applyGate, type CiOptions, type GateOutcome } from '../gate.js'
import type { CliIo } from '../io.js'
import { projectConfig } from '../project-database.js'
import { resolveRunRef, type ResolvedRun } from '../run-ref.js'

export interface CompareOptions extends CiOptions {
  json?: boolean
  database?: string
}

/**
 * `evals compare <base> <head>`: paired comparison of two runs (stored runs, baseline names or
 * files) and the gate's verdict as the exit code. Two files need no database.
 */
export function compareCommand(baseRef: string, headRef: string, options: CompareOptions, io: CliIo): number {
  return gateCommand(baseRef, headRef, options, io)
}

/** What the gate saw and decided, for a caller that renders it (the HTML report). */
export interface GateRun {
  outcome: GateOutcome
  /** The head's summary (by its recorded pass rules and suite order) and its threshold verdict. */
  summary: RunSummary
  thresholds: ThresholdVerdict
  base?: ResolvedRun
  head: ResolvedRun
}

/**
 * `evals report <run>` with CI options: the same as compare when --baseline is given, else the
 * run's own CI files. `render` sees the outcome before it is printed (the HTML page).
 */
export function reportGateCommand(runId: string, options: CompareOptions, io: CliIo, render?: (run: GateRun) => void): number {
  return gateCommand(options.baseline, runId, options, io, render)
}

function gateCommand(baseRef: string | undefined, headRef: string, options: CompareOptions, io: CliIo, render?: (run: GateRun) => void): number {
  const config = projectConfig(io.cwd, options.database)
  let store: Store | undefined
  const lazyStore = (): Store => (store ??= openStore(config.database))
  try {
    const base = baseRef === undefined ? undefined : resolveRunRef(baseRef, config, lazyStore, io.cwd)
    const head = resolveRunRef(headRef, config, lazyStore, io.cwd)
    const summary = summarizeSamples(head.input.samples, new Map(head.input.suites.map((s) => [s.name, s.pass])),
      head.input.suites.map((s) => ({ name: s.name, variants: s.variants })))
    const thresholds = evaluateThresholds(summary, {
      minPassRate: config.thresholds.minPassRate,
      maxErrorRate: config.thresholds.maxErrorRate,
      suiteMinPassRates: suiteFloors(head.meta.config),
    })
    const exitCode = thresholds.status === 'invalid' ? ExitCode.Infra : thresholds.status === 'fail' ? ExitCode.Failed : ExitCode.Ok
    const history = base && (store || existsSync(config.database))
      ? lazyStore().caseHistory(head.input.suites.map((s) => s.name), { limit: config.gate?.historyRuns ?? 20, exclude: [head.input.id] })
      : []
    const outcome = applyGate({
      config, base: base?.input, history, head: head.input, meta: head.meta, samples: head.input.samples, summary,
      reasons: thresholds.reasons, exitCode, io,
    }, options)
    render?.({ outcome, summary, thresholds, base, head })
    print(io, options, outcome, thresholds.reasons)
    return outcome.exitCode
  } finally {
    store?.close()
  }
}

function print(io: CliIo, options: CompareOptions, outcome: GateOutcome, thresholdReasons: readonly string[]): void {
  if (options.json) {
    const { exitCode, comparison, sweeps } = outcome
    io.stdout.write(`${JSON.stringify({ exitCode, reasons: [...thresholdReasons, ...outcome.reasons], comparison, sweeps }, null, 2)}\n`)
    return
  }
  if (outcome.text) io.stdout.write(`${outcome.text}\n`)
  for (const reason of thresholdReasons) io.stdout.write(`✗ ${reason}\n`)
}

/** Per-suite pass-rate floors recorded with a run (a suite's own `minPassRate`). */
function suiteFloors(config: unknown): Map<string, number> {
  const suites = (config as { suites?: Array<{ name?: unknown; minPassRate?: unknown }> } | null)?.suites
  if (!Array.isArray(suites)) return new Map()
  return new Map(suites.flatMap((s) => (typeof s.name === 'string' && typeof s.minPassRate === 'number' ? [[s.name, s.minPassRate]] : [])))
}
