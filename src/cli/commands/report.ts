import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve, relative } from 'node:path'
import { UsageError, type RunMeta, type SampleRecord } from '../../core/index.js'
import { loadProject, type Project } from '../../config/index.js'
import { openStore } from '../../store/index.js'
import { evaluateThresholds, summarizeSamples, sweepRun, type RunSummary } from '../../compare/index.js'
import { buildRunPageModel, renderRunPage, type RunPageExtras } from '../../report/index.js'
import type { CliIo } from '../io.js'
import { passRulesOf, suiteOrderOf } from '../project-views.js'
import { fromStore } from '../run-ref.js'
import { reportGateCommand, type CompareOptions } from './compare.js'

/**
 * `evals report <run> [--out file]`: (re)render the HTML page of a stored run. With
 * `--baseline` the page shows the comparison (and the gate decides the exit code, as in compare).
 */
export function reportCommand(ref: string, options: { out?: string } & CompareOptions, io: CliIo): number {
  const project = loadProject(io.cwd, { paths: [] })
  const store = openStore(project.config.database)
  let closed = false
  try {
    const meta = store.getRun(ref)
    if (!meta) throw new UsageError(`no stored run matches "${ref}" (see \`evals runs\`)`, 'RUN_NOT_FOUND')
    const file = options.out ? resolve(io.cwd, options.out) : join(project.config.reportsDir, meta.id, 'index.html')
    const confidence = project.config.gate?.confidence ?? 0.95
    const write = (summary: RunSummary, samples: readonly SampleRecord[], extras: RunPageExtras): void => {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, renderRunPage(buildRunPageModel(meta, summary, samples, { confidence, ...extras })))
      io.stdout.write(`${relative(io.cwd, file)}\n`)
    }
    if (options.baseline !== undefined || options.junit !== undefined || options.markdown !== undefined) {
      // The gate loads the run itself (once): render what it read.
      store.close()
      closed = true
      return reportGateCommand(meta.id, options, io, (gate) => write(gate.summary, gate.head.input.samples, {
        comparison: gate.outcome.comparison,
        baseSamples: gate.base?.input.samples,
        baseFromFile: gate.base?.source === 'file',
        sweeps: gate.outcome.sweeps,
        thresholds: gate.thresholds,
      }))
    }
    const samples = store.loadSamples(meta.id)
    const { summary, extras } = ownVerdict(project, meta, samples, confidence)
    write(summary, samples, extras)
    return 0
  } finally {
    if (!closed) store.close()
  }
}

/** A run on its own: its summary, thresholds and sweeps. */
function ownVerdict(project: Project, meta: RunMeta, samples: readonly SampleRecord[], confidence: number): { summary: RunSummary; extras: RunPageExtras } {
  const stored = (meta.config as Project | undefined) ?? { suites: [] }
  const summary = summarizeSamples(samples, passRulesOf(stored), suiteOrderOf(stored))
  const thresholds = evaluateThresholds(summary, {
    minPassRate: project.config.thresholds.minPassRate,
    maxErrorRate: project.config.thresholds.maxErrorRate,
    suiteMinPassRates: new Map((stored.suites ?? []).flatMap((s) => (s.minPassRate === undefined ? [] : [[s.name, s.minPassRate]]))),
  })
  return { summary, extras: { sweeps: sweepRun(fromStore(meta, samples).input, confidence), thresholds } }
}
