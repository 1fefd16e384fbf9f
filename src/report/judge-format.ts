import type { GroupStats, JudgeStats } from '../compare/index.js'
import { formatMs, formatRate, formatUsd } from './format.js'

/** How the judge's share is shown: always apart from the system under test's cost and latency. */

export const JUDGE_COST_HEAD = 'judge cost'

/** The judge cost cell of a table row, when the run used a judge at all. */
export function judgeCells(s: GroupStats, shown: boolean): string[] {
  return shown ? [s.judge.grades ? formatUsd(s.judge.costUsd) : '–'] : []
}

/** "· judge $0.0012 for 24 answers (p50 3 ms, agreement 92.0%)", or '' without a judge. */
export function judgeNote(j: JudgeStats): string {
  if (j.grades === 0) return ''
  const agreement = j.meanAgreement === null ? '' : `, agreement ${formatRate(j.meanAgreement)}`
  return `  ·  judge ${formatUsd(j.costUsd)} for ${j.calls} answer${j.calls === 1 ? '' : 's'} (p50 ${formatMs(j.latencyP50Ms)}${agreement})`
}

/** The judge figures of `--json`, with the cost rounded like the system's. */
export function judgeJson(j: JudgeStats): JudgeStats {
  return { ...j, costUsd: Number(j.costUsd.toFixed(10)) }
}
