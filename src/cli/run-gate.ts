import type { RunMeta, SampleRecord } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import type { Store } from '../store/index.js'
import type { RunSummary, SampleFigures } from '../compare/index.js'
import { applyGate, type CiOptions, type GateOutcome } from './gate.js'
import type { CliIo } from './io.js'
import { figuresOfRun, fromStore, resolveRunRef, type ResolvedRun } from './run-ref.js'

/** The gate of `evals run`: the run just made against `--baseline`, plus sweeps and CI files. */

/** Fail fast, before anything is sent, when `--baseline` names nothing. */
export function checkBaseline(options: CiOptions, config: ProjectConfig, store: Store, cwd: string): void {
  if (options.baseline) resolveRunRef(options.baseline, config, () => store, cwd)
}

export interface RunGateInput {
  config: ProjectConfig
  store: Store
  meta: RunMeta
  /** The run's full samples: required with `--baseline` or `--junit`. */
  samples?: readonly SampleRecord[]
  /** Slim copies of them otherwise (`sampleFigures`), enough for the sweeps. */
  figures: readonly SampleFigures[]
  summary: RunSummary
  reasons: readonly string[]
  exitCode: number
  io: CliIo
}

/** The gate's outcome, with the baseline it compared against (for the HTML report's side-by-side outputs). */
export type RunGateOutcome = GateOutcome & { baseline?: ResolvedRun }

export function gateRun(run: RunGateInput, options: CiOptions): RunGateOutcome {
  const head = run.samples ? fromStore(run.meta, run.samples).input : figuresOfRun(run.meta, run.figures)
  // An interrupted run is incomplete: comparing it would call every missing case "removed".
  const compare = options.baseline !== undefined && run.meta.status !== 'interrupted'
  const baseline = compare ? resolveRunRef(options.baseline!, run.config, () => run.store, run.io.cwd) : undefined
  const base = baseline?.input
  const history = base
    ? run.store.caseHistory(head.suites.map((s) => s.name), { limit: run.config.gate?.historyRuns ?? 20, exclude: [run.meta.id] })
    : []
  const outcome = applyGate({ ...run, head, base, history }, options)
  if (options.baseline !== undefined && !compare) {
    return { ...outcome, text: [outcome.text, 'Gate skipped: the run was interrupted, so it is not compared with the baseline.'].filter(Boolean).join('\n\n') }
  }
  return { ...outcome, baseline }
}
