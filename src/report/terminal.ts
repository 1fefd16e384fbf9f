import Table from 'cli-table3'
import type { RunMeta } from '../core/index.js'
import type { GroupStats, RunSummary } from '../compare/index.js'
import { describeProvider, formatMs, formatRate, formatUsd } from './format.js'

const HEAD = ['suite', 'variant', 'samples', 'pass', 'fail', 'error', 'pass rate', 'cases', 'mean cost', 'p50', 'p95']

/** The per suite × variant summary table, with a header naming the run and provider. */
export function renderSummaryTable(meta: RunMeta, summary: RunSummary): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] } })
  for (const suite of summary.suites) {
    for (const variant of suite.variants) {
      const cases = summary.cases.filter((c) => c.suite === suite.name && c.variant === variant.name)
      const casesPassed = cases.filter((c) => c.verdict === 'pass').length
      table.push([suite.name, variant.name, ...statCells(variant), `${casesPassed}/${cases.length}`, ...costCells(variant)])
    }
  }
  const t = summary.totals
  table.push(['total', '', ...statCells(t), `${summary.cases.filter((c) => c.verdict === 'pass').length}/${summary.cases.length}`, ...costCells(t)])
  const lines = [
    `Run ${meta.id}  ·  ${describeProvider(meta.provider)}  ·  model ${meta.model}`,
    table.toString(),
    `${t.samples} samples: ${t.passed} passed, ${t.failed} failed, ${t.errors} errors  ·  total cost ${formatUsd(t.costUsd)}`,
  ]
  return lines.join('\n')
}

function statCells(s: GroupStats): string[] {
  return [String(s.samples), String(s.passed), String(s.failed), String(s.errors), formatRate(s.passRate)]
}

function costCells(s: GroupStats): string[] {
  return [formatUsd(s.meanCostUsd), formatMs(s.latencyP50Ms), formatMs(s.latencyP95Ms)]
}
