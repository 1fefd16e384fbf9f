import Table from 'cli-table3'
import type { Sweep, SweepStep } from '../compare/index.js'
import { formatDifference, formatFlips, formatPValue, formatRateWithInterval } from './compare-format.js'
import { formatMs, formatUsd } from './format.js'

const HEAD = ['variant', 'samples', 'pass rate (95% CI)', 'cost/sample', 'cost/pass', 'p50', 'p95', 'thinking tok', 'frontier']

/** One table per swept suite, then the paired test of each neighbouring pair of variants. */
export function renderSweeps(sweeps: readonly Sweep[]): string {
  return sweeps.map(renderSweep).join('\n\n')
}

function renderSweep(sweep: Sweep): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] } })
  for (const v of sweep.variants) {
    table.push([
      v.name, String(v.samples), formatRateWithInterval(v.passRate, v.interval), formatUsd(v.costPerSample), formatUsd(v.costPerPass),
      formatMs(v.latencyP50Ms), formatMs(v.latencyP95Ms), v.meanThinkingTokens === null ? '–' : Math.round(v.meanThinkingTokens).toString(),
      v.dominatedBy ? `dominated by ${v.dominatedBy}` : 'on the frontier',
    ])
  }
  return [`Sweep ${sweep.suite}:`, table.toString(), ...sweep.steps.map((s) => `  ${describeStep(s)}`)].join('\n')
}

export function describeStep(s: SweepStep): string {
  const a = s.analysis
  return `${s.from} → ${s.to}: ${formatDifference(a.difference)} over ${a.cases} paired cases, p = ${formatPValue(a.difference?.pValue)}` +
    ` (two-sided), flips ${formatFlips(a)}, McNemar exact p = ${formatPValue(a.mcnemar.pValue)}`
}
