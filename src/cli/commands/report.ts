import { resolve, join, relative } from 'node:path'
import { UsageError, type RunMeta } from '../../core/index.js'
import { loadProject, type Project } from '../../config/index.js'
import { openStore } from '../../store/index.js'
import { evaluateThresholds, summarizeSamples, sweepRun, type RunSummary, type SampleFigures } from '../../compare/index.js'
import type { RunPageExtras } from '../../report/index.js'
import type { CliIo } from '../io.js'
import { passRulesOf, suiteOrderOf } from '../project-views.js'
import { figuresOfRun } from '../run-ref.js'
import { readFigures, writeRunPage } from '../report-page.js'
import { reportGateCommand, type CompareOptions } from './compare.js'

/**
 * `evals report <run> [--out file]`: (re)render the HTML page of a stored run. With
 * `--baseline` the page shows the comparison (and the gate decides the exit code, as in compare).
 * On its own, the run is read from the store twice (its figures, then its rows as the page is
 * written) and never held whole.
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
    if (options.baseline !== undefined || options.junit !== undefined || options.markdown !== undefined) {
      // The gate loads the run itself (once): render what it read.
      store.close()
      closed = true
      return reportGateCommand(meta.id, options, io, (gate) => {
        const samples = gate.head.input.samples
        writeRunPage(file, {
          meta,
          summary: gate.summary,
          figures: samples,
          extras: {
            confidence,
            comparison: gate.outcome.comparison,
            baseSamples: gate.base?.input.samples,
            baseFromFile: gate.base?.source === 'file',
            sweeps: gate.outcome.sweeps,
            thresholds: gate.thresholds,
          },
        }, samples)
        io.stdout.write(`${relative(io.cwd, file)}\n`)
      })
    }
    const figures = readFigures(store, meta.id)
    const { summary, extras } = ownVerdict(project, meta, figures, confidence)
    writeRunPage(file, { meta, summary, figures, extras: { confidence, ...extras } }, store.iterateSamples(meta.id))
    io.stdout.write(`${relative(io.cwd, file)}\n`)
    return 0
  } finally {
    if (!closed) store.close()
  }
}

/** A run on its own: its summary, thresholds and sweeps. */
function ownVerdict(project: Project, meta: RunMeta, figures: readonly SampleFigures[], confidence: number): { summary: RunSummary; extras: RunPageExtras } {
  const stored = (meta.config as Project | undefined) ?? { suites: [] }
  const summary = summarizeSamples(figures, passRulesOf(stored), suiteOrderOf(stored))
  const thresholds = evaluateThresholds(summary, {
    minPassRate: project.config.thresholds.minPassRate,
    maxErrorRate: project.config.thresholds.maxErrorRate,
    suiteMinPassRates: new Map((stored.suites ?? []).flatMap((s) => (s.minPassRate === undefined ? [] : [[s.name, s.minPassRate]]))),
  })
  return { summary, extras: { sweeps: sweepRun(figuresOfRun(meta, figures), confidence), thresholds } }
}
