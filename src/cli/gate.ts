import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { HarnessError, StoreError, type CaseHistoryRow, type RunMeta, type SampleRecord } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import {
  compareRuns, DEFAULT_GATE, sweepRun, type Comparison, type GatePolicy, type RunFigures, type RunInput, type RunSummary, type Sweep,
} from '../compare/index.js'
import { renderComparison, renderJunit, renderMarkdown, renderSweeps } from '../report/index.js'
import { ExitCode } from './exit-codes.js'
import type { CliIo } from './io.js'

/**
 * The CI side of a run: sweeps of multi-variant suites, the comparison with a baseline and the
 * gate's exit code, and the `--markdown` / `--junit` files. Shared by `run`, `compare` and `report`.
 */

export interface CiOptions {
  /** `--baseline <name|runId|file>` */
  baseline?: string
  /** `--junit <file>` */
  junit?: string
  /** `--markdown <file>` (also appended to $GITHUB_STEP_SUMMARY when set) */
  markdown?: string
  /** `--strict`: inconclusive fails too. */
  strict?: boolean
}

export interface GateContext {
  config: ProjectConfig
  /** The baseline, when comparing. */
  base?: RunInput
  /** Past runs of the head's suites (the head excluded), for flakiness. */
  history: readonly CaseHistoryRow[]
  /** The head; its samples may be slim copies (`sampleFigures`) when `samples` is not given. */
  head: RunFigures
  meta: RunMeta
  /** The head's full samples: needed only to compare with a baseline and for `--junit`. */
  samples?: readonly SampleRecord[]
  summary: RunSummary
  /** Threshold reasons and the exit code before the gate. */
  reasons: readonly string[]
  exitCode: number
  io: CliIo
}

export interface GateOutcome {
  exitCode: number
  comparison?: Comparison
  sweeps: Sweep[]
  /** Why the gate fails (empty when it does not): for machine-readable verdicts. */
  reasons: string[]
  /** Terminal text to print after the run's own table (empty when there is nothing to add). */
  text: string
}

/** Compare with the baseline (when asked), decide the exit code and write the requested files. */
export function applyGate(ctx: GateContext, options: CiOptions): GateOutcome {
  const policy = gatePolicy(ctx.config, options)
  const sweeps = sweepRun(ctx.head, policy.confidence)
  let comparison: Comparison | undefined
  if (ctx.base) {
    comparison = compareRuns(ctx.base, fullHead(ctx), { policy, history: ctx.history })
    warnUnknownGateSuites(ctx, comparison)
  }
  const exitCode = comparison?.gate.failed && (ctx.exitCode === ExitCode.Ok || ctx.exitCode === ExitCode.Failed)
    ? ExitCode.Failed : ctx.exitCode
  writeOutputs(ctx, options, { exitCode, comparison, sweeps })
  const text = [sweeps.length ? renderSweeps(sweeps) : '', comparison ? renderComparison(comparison) : ''].filter(Boolean).join('\n\n')
  const reasons = comparison?.gate.failed ? [...comparison.gate.reasons.map((r) => `gate: ${r}`), ...comparison.gate.breaches] : []
  return { exitCode, comparison, sweeps, reasons, text }
}

/** The head with its full samples (a caller that compares or writes JUnit must pass them). */
function fullHead(ctx: GateContext): RunInput {
  if (!ctx.samples) throw new HarnessError('INTERNAL', 'the gate needs the full samples of the run to compare it or to write --junit')
  return { ...ctx.head, samples: ctx.samples }
}

export function gatePolicy(config: ProjectConfig, options: Pick<CiOptions, 'strict'>): GatePolicy {
  const g = config.gate
  if (!g) return { ...DEFAULT_GATE, strict: options.strict ?? false }
  return {
    ...(g.minPassRate !== undefined ? { minPassRate: g.minPassRate } : {}),
    maxDrop: g.maxDrop,
    confidence: g.confidence,
    strict: options.strict === true || g.strict,
    excludeFlaky: g.excludeFlaky,
    suites: new Map(Object.entries(g.suites).map(([name, s]) => [name, options.strict ? { ...s, strict: true } : s])),
  }
}

function warnUnknownGateSuites(ctx: GateContext, comparison: Comparison): void {
  const compared = new Set(comparison.units.map((u) => u.suite))
  for (const name of Object.keys(ctx.config.gate?.suites ?? {})) {
    if (!compared.has(name)) ctx.io.stderr.write(`warning: gate.suites.${name} in evals.config.yaml matches no compared suite\n`)
  }
}

function writeOutputs(ctx: GateContext, options: CiOptions, out: Omit<GateOutcome, 'text' | 'reasons'>): void {
  if (options.markdown !== undefined) {
    const markdown = renderMarkdown({ meta: ctx.meta, summary: ctx.summary, reasons: ctx.reasons, exitCode: out.exitCode, comparison: out.comparison, sweeps: out.sweeps })
    writeFile(ctx.io, options.markdown, markdown)
    const stepSummary = ctx.io.env.GITHUB_STEP_SUMMARY
    if (stepSummary) guardWrite(stepSummary, 'append to $GITHUB_STEP_SUMMARY', () => appendFileSync(stepSummary, `${markdown}\n`))
  }
  if (options.junit !== undefined) {
    writeFile(ctx.io, options.junit, renderJunit({ meta: ctx.meta, summary: ctx.summary, samples: fullHead(ctx).samples, comparison: out.comparison }))
  }
}

function writeFile(io: CliIo, file: string, text: string): void {
  const path = resolve(io.cwd, file)
  guardWrite(relative(io.cwd, path) || path, 'write', () => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, text)
  })
}

function guardWrite(file: string, action: string, fn: () => void): void {
  try {
    fn()
  } catch (error) {
    throw new StoreError('OUTPUT_WRITE', `${file}: cannot ${action}: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
}
