import Table from 'cli-table3'
import { WORST_CASE_RULE, type CostEstimator, type EstimateBasis, type PlannedRequest } from '../runner/index.js'
import { formatUsd } from '../report/index.js'
import type { PreparedRun } from './run-plan.js'

/** `evals run --dry-run`: the plan per suite and variant and what it should cost; nothing is sent or stored. */

export interface DryRunRow {
  suite: string
  variant: string
  requests: number
  samples: number
  /** Samples the response cache would answer. */
  cached: number
  estimatedUsd: number
  /** Where the estimate comes from (several when the requests differ). */
  basis: EstimateBasis[]
}

export interface DryRunPlan {
  runId?: string
  shard?: string
  rows: DryRunRow[]
  totals: { requests: number; samples: number; cached: number; estimatedUsd: number }
  worstCaseRule?: string
}

export function buildDryRun(prepared: PreparedRun, estimate: CostEstimator): DryRunPlan {
  const rows = new Map<string, DryRunRow>()
  for (const suite of prepared.project.suites) {
    for (const v of suite.variants) rows.set(`${suite.name}\u0000${v.name}`, emptyRow(suite.name, v.name))
  }
  for (const planned of prepared.plan.requests) addRequest(rows, planned, estimate(planned))
  const list = [...rows.values()].filter((r) => r.requests > 0)
  const totals = list.reduce((t, r) => ({
    requests: t.requests + r.requests, samples: t.samples + r.samples, cached: t.cached + r.cached, estimatedUsd: t.estimatedUsd + r.estimatedUsd,
  }), { requests: 0, samples: 0, cached: 0, estimatedUsd: 0 })
  return {
    ...(prepared.resumed ? { runId: prepared.resumed.id } : {}),
    ...(prepared.shard ? { shard: `${prepared.shard.index}/${prepared.shard.count}` } : {}),
    rows: list,
    totals,
    ...(list.some((r) => r.basis.includes('worst case')) ? { worstCaseRule: WORST_CASE_RULE } : {}),
  }
}

function emptyRow(suite: string, variant: string): DryRunRow {
  return { suite, variant, requests: 0, samples: 0, cached: 0, estimatedUsd: 0, basis: [] }
}

function addRequest(rows: Map<string, DryRunRow>, planned: PlannedRequest, e: { usd: number; basis: EstimateBasis }): void {
  const key = `${planned.suite.name}\u0000${planned.variant.name}`
  const row = rows.get(key) ?? emptyRow(planned.suite.name, planned.variant.name)
  rows.set(key, row)
  row.requests++
  row.samples += planned.keys.length
  row.estimatedUsd += e.usd
  if (e.basis === 'cached') row.cached += planned.keys.length
  if (!row.basis.includes(e.basis)) row.basis.push(e.basis)
}

export function renderDryRun(plan: DryRunPlan): string {
  const table = new Table({ head: ['suite', 'variant', 'requests', 'samples', 'from cache', 'estimated cost', 'estimate from'], style: { head: [], border: [] } })
  for (const r of plan.rows) {
    table.push([r.suite, r.variant, r.requests, r.samples, r.cached, formatUsd(r.estimatedUsd), r.basis.join(', ')])
  }
  const t = plan.totals
  table.push(['total', '', t.requests, t.samples, t.cached, formatUsd(t.estimatedUsd), ''])
  const what = plan.runId ? `Dry run: resuming ${plan.runId} would run` : 'Dry run: would run'
  const lines = [
    `${what}${plan.shard ? ` shard ${plan.shard} of the plan:` : ':'}`,
    table.toString(),
    `${t.samples} samples in ${t.requests} requests (${t.cached} from the cache) · estimated cost ${formatUsd(t.estimatedUsd)} · nothing was sent or stored`,
  ]
  if (plan.worstCaseRule) lines.push(`Worst case where no past run gives costs: ${plan.worstCaseRule}.`)
  return lines.join('\n')
}
