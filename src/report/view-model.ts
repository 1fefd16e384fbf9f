import type { RunMeta, SampleRecord } from '../core/index.js'
import { wilsonInterval, type Comparison, type RunSummary, type SampleFigures, type Sweep, type ThresholdVerdict } from '../compare/index.js'
import { describeProvider, formatMs, formatRate, formatUsd } from './format.js'
import { judgeNote } from './judge-format.js'
import { formatConfidence, statusLabel } from './compare-format.js'
import { caseKey, CaseRows, type CaseRow } from './html/case-rows.js'
import { comparisonView, tone, type ComparisonView, type Tone } from './html/comparison-view.js'
import { statRow, suiteRows, sweepNotes, variantRows, type StatRow, type SuiteRow, type VariantRow } from './html/tables.js'
import { unitFigures } from './html/units.js'
import { passRateChart } from './html/chart-pass-rate.js'
import { latencyChart } from './html/chart-latency.js'
import { costChart } from './html/chart-cost.js'
import type { Chart } from './html/chart-svg.js'

/** Display-ready rows for the HTML page: templates hold no logic. */
export interface RunPageModel {
  title: string
  runId: string
  provider: string
  isEmulator: boolean
  model: string
  startedAt: string
  status: string
  gitCommit: string
  verdict: { label: string; tone: Tone; reasons: string[] }
  /** e.g. `95%`: the confidence of the intervals shown. */
  confidenceLabel: string
  totals: StatRow
  /** Headline figures beside the verdict. */
  headline: { passRate: string; interval: string; basePassRate: string; cost: string; cache: string; latency: string }
  /** Whether any grade was decided by the judge (then its cost gets a column of its own). */
  hasJudge: boolean
  /** The judge's totals in words, or '' without a judge. */
  judgeSummary: string
  suites: SuiteRow[]
  groups: VariantRow[]
  hasSweeps: boolean
  sweepNotes: string[]
  charts: Chart[]
  comparison: ComparisonView | null
  filters: { suites: string[]; variants: string[]; comparing: boolean; regressionHelp: string; flakyHelp: string }
  cases: CaseRow[]
}

/** The page without its case rows (they are rendered one by one, see `CaseRows`). */
export type RunPageHead = Omit<RunPageModel, 'cases'>

/** What the page shows beyond the run itself; every part optional. */
export interface RunPageExtras {
  /** The comparison with `--baseline` (compare's statistics; rendered, never recomputed). */
  comparison?: Comparison
  /** The baseline's samples, paired by key for side-by-side outputs. */
  baseSamples?: readonly SampleRecord[]
  /** The baseline came from a baseline file, whose outputs are cut to a prefix. */
  baseFromFile?: boolean
  sweeps?: readonly Sweep[]
  /** The run's verdict on its thresholds. */
  thresholds?: ThresholdVerdict
  /** Confidence of the intervals shown (default 0.95, the gate's `confidence`). */
  confidence?: number
}

/** The whole page's model (for a run whose samples are at hand). */
export function buildRunPageModel(meta: RunMeta, summary: RunSummary, samples: readonly SampleRecord[], extras: RunPageExtras = {}): RunPageModel {
  return { ...buildRunPageHead(meta, summary, samples, extras), cases: caseRowsOf(summary, extras).all(samples) }
}

/** The case rows of a run, to render one by one. */
export function caseRowsOf(summary: RunSummary, extras: RunPageExtras = {}): CaseRows {
  return new CaseRows({ cases: summary.cases, comparison: extras.comparison, baseSamples: extras.baseSamples, baseFromFile: extras.baseFromFile ?? false })
}

/**
 * Everything on the page but the case rows, from the summary and the samples' figures (a slim
 * copy of each sample is enough: see compare's `sampleFigures`).
 */
export function buildRunPageHead(meta: RunMeta, summary: RunSummary, figures: readonly SampleFigures[], extras: RunPageExtras = {}): RunPageHead {
  const confidence = extras.confidence ?? 0.95
  const { comparison, baseSamples } = extras
  const t = summary.totals
  const refs = [...summary.cases, ...(comparison?.cases.removed ?? [])]
  const units = unitFigures({ summary, samples: figures, comparison, baseSamples, confidence })
  const sweeps = extras.sweeps ?? []
  const interval = wilsonInterval(t.passed, t.passed + t.failed, confidence)
  const basePassRate = comparison ? comparison.units.reduce((a, u) => ({ p: a.p + u.base.passed, g: a.g + u.base.passed + u.base.failed }), { p: 0, g: 0 }) : null
  return {
    title: `evals report · run ${meta.id}`,
    runId: meta.id,
    provider: describeProvider(meta.provider),
    isEmulator: meta.provider === 'emulator',
    model: meta.model,
    startedAt: meta.startedAt,
    status: meta.status,
    gitCommit: meta.gitCommit ?? '',
    verdict: verdictOf(meta, comparison, extras.thresholds),
    confidenceLabel: formatConfidence(confidence),
    totals: statRow(t, confidence),
    headline: {
      passRate: formatRate(t.passRate),
      interval: interval ? `${(interval.lower * 100).toFixed(1)}–${(interval.upper * 100).toFixed(1)}%` : '–',
      basePassRate: basePassRate && basePassRate.g ? `baseline ${formatRate(basePassRate.p / basePassRate.g)} (compared variants)` : '',
      cost: formatUsd(t.costUsd),
      cache: t.cachedSamples ? `${t.cachedSamples} from cache (saved ${formatUsd(t.savedUsd)})` : '',
      latency: `p50 ${formatMs(t.latencyP50Ms)} · p95 ${formatMs(t.latencyP95Ms)}`,
    },
    hasJudge: t.judge.grades > 0,
    judgeSummary: judgeNote(t.judge).replace(/^\s*·\s*/, ''),
    suites: suiteRows(summary, confidence),
    groups: variantRows(summary, sweeps, confidence),
    hasSweeps: sweeps.length > 0,
    sweepNotes: sweepNotes(sweeps),
    charts: [passRateChart(units, confidence), latencyChart({ samples: figures, baseSamples, p50: t.latencyP50Ms, p95: t.latencyP95Ms }), costChart(units)],
    comparison: comparison ? comparisonView(comparison, new Map(refs.map((c, i) => [caseKey(c), `c${i}`]))) : null,
    filters: {
      suites: [...new Set(refs.map((c) => c.suite))],
      variants: [...new Set(refs.map((c) => c.variant))],
      comparing: comparison !== undefined,
      regressionHelp: comparison ? 'cases that pass in the baseline and fail now' : 'needs a baseline (--baseline)',
      flakyHelp: comparison
        ? 'flaky: samples disagree in the baseline, or the verdict flipped in past runs'
        : 'flaky: the samples of the case disagree',
    },
  }
}

function verdictOf(meta: RunMeta, comparison: Comparison | undefined, thresholds: ThresholdVerdict | undefined): RunPageModel['verdict'] {
  const own = thresholds?.reasons ?? []
  if (meta.status === 'interrupted' || meta.status === 'running') {
    return { label: meta.status === 'running' ? 'INCOMPLETE' : 'INTERRUPTED', tone: 'warn', reasons: ['the run did not finish: figures cover the samples stored so far', ...own] }
  }
  if (thresholds?.status === 'invalid') return { label: 'INVALID', tone: 'fail', reasons: own }
  if (comparison) {
    const g = comparison.gate
    const gateTone: Tone = g.failed ? 'fail' : tone(g.status)
    const label = g.breaches.length && g.status === 'pass' ? 'FAIL' : statusLabel(g.status).toUpperCase()
    return {
      label: thresholds?.status === 'fail' && gateTone === 'pass' ? 'FAIL' : label,
      tone: thresholds?.status === 'fail' ? 'fail' : gateTone,
      reasons: [...g.reasons, ...g.breaches, ...own, ...(g.status === 'inconclusive' && !g.failed ? ['inconclusive does not fail the gate (exit 0); --strict makes it fail'] : [])],
    }
  }
  if (!thresholds) return { label: meta.status.toUpperCase(), tone: 'warn', reasons: [] }
  return { label: thresholds.status === 'pass' ? 'PASS' : 'FAIL', tone: thresholds.status === 'pass' ? 'pass' : 'fail', reasons: own }
}
