import type { RunMeta } from '../core/index.js'
import type { GroupStats, RunSummary } from '../compare/index.js'
import { judgeJson } from './judge-format.js'

/** The one object `evals run --json` prints. */
export interface JsonSummary {
  runId: string
  status: string
  provider: string
  model: string
  verdict: { exitCode: number; reasons: string[] }
  totals: JsonTotals
  suites: Array<JsonTotals & { name: string; cases: RunSummary['suites'][number]['cases']; variants: Array<JsonTotals & { name: string }> }>
  database: string
  report?: string
}

type JsonTotals = Pick<GroupStats, 'samples' | 'passed' | 'failed' | 'errors' | 'passRate' | 'costUsd' | 'latencyP50Ms' | 'latencyP95Ms' | 'cachedSamples' | 'savedUsd' | 'judge'>

export function buildJsonSummary(
  meta: RunMeta,
  summary: RunSummary,
  extra: { exitCode: number; reasons: string[]; database: string; report?: string },
): JsonSummary {
  return {
    runId: meta.id,
    status: meta.status,
    provider: meta.provider,
    model: meta.model,
    verdict: { exitCode: extra.exitCode, reasons: extra.reasons },
    totals: totals(summary.totals),
    suites: summary.suites.map((s) => ({
      name: s.name,
      ...totals(s),
      cases: s.cases,
      variants: s.variants.map((v) => ({ name: v.name, ...totals(v) })),
    })),
    database: extra.database,
    report: extra.report,
  }
}

function totals(s: GroupStats): JsonTotals {
  return {
    samples: s.samples,
    passed: s.passed,
    failed: s.failed,
    errors: s.errors,
    passRate: s.passRate,
    costUsd: Number(s.costUsd.toFixed(10)),
    latencyP50Ms: s.latencyP50Ms,
    latencyP95Ms: s.latencyP95Ms,
    cachedSamples: s.cachedSamples,
    savedUsd: Number(s.savedUsd.toFixed(10)),
    judge: judgeJson(s.judge),
  }
}
