import Table from 'cli-table3'
import type { RunMeta } from '../core/index.js'
import type { GroupStats, RunSummary } from '../compare/index.js'
import { describeProvider, formatMs, formatRate, formatUsd } from './format.js'
import { JUDGE_COST_HEAD, judgeCells, judgeNote } from './judge-format.js'

const HEAD = ['suite', 'variant', 'samples', 'pass', 'fail', 'error', 'pass rate', 'cases', 'mean cost', 'p50', 'p95']

/** The per suite × variant summary table, with a header naming the run and provider. */
export function renderSummaryTable(meta: RunMeta, summary: RunSummary): string {
  const judged = summary.totals.judge.grades > 0
  const table = new Table({ head: judged ? [...HEAD, JUDGE_COST_HEAD] : HEAD, style: { head: [], border: [] } })
  for (const suite of summary.suites) {
    for (const variant of suite.variants) {
      const cases = summary.cases.filter((c) => c.suite === suite.name && c.variant === variant.name)
      const casesPassed = cases.filter((c) => c.verdict === 'pass').length
      table.push([suite.name, variant.name, ...statCells(variant), `${casesPassed}/${cases.length}`, ...costCells(variant), ...judgeCells(variant, judged)])
    }
  }
  const t = summary.totals
  table.push(['total', '', ...statCells(t), `${summary.cases.filter((c) => c.verdict === 'pass').length}/${summary.cases.length}`, ...costCells(t), ...judgeCells(t, judged)])
  const lines = [
    `Run ${meta.id}  ·  ${describeProvider(meta.provider)}  ·  model ${meta.model}`,
    table.toString(),
    `${t.samples} samples: ${t.passed} passed, ${t.failed} failed, ${t.errors} errors  ·  total cost ${formatUsd(t.costUsd)}${cachedNote(t)}${judgeNote(t.judge)}`,
  ]
  return lines.join('\n')
}

/** "· 12 from cache (saved $0.0042)": cached samples cost nothing and are left out of p50/p95. */
export function cachedNote(s: GroupStats): string {
  return s.cachedSamples ? `  ·  ${s.cachedSamples} from cache (saved ${formatUsd(s.savedUsd)})` : ''
}

function statCells(s: GroupStats): string[] {
  return [String(s.samples), String(s.passed), String(s.failed), String(s.errors), formatRate(s.passRate)]
}

function costCells(s: GroupStats): string[] {
  return [formatUsd(s.meanCostUsd), formatMs(s.latencyP50Ms), formatMs(s.latencyP95Ms)]
}
