import type { JudgeRecord } from '../core/index.js'

/**
 * The judge columns of `grades` (migration 3): a model-graded grade's judge model, answers,
 * agreement, usage, cost and latency, all NULL for other grades.
 */

export const JUDGE_COLUMNS = [
  'judge_model', 'judge_calls', 'judge_agreement', 'judge_prompt_tokens', 'judge_completion_tokens',
  'judge_total_tokens', 'judge_thinking_tokens', 'judge_cost_usd', 'judge_latency_ms',
] as const

type JudgeColumn = (typeof JUDGE_COLUMNS)[number]

/** The judge columns as read in the samples-with-grades join (`g_` prefixed). */
export type JudgeGradeRow = { [K in JudgeColumn as `g_${K}`]: K extends 'judge_model' ? string | null : number | null }

/** `g.judge_x AS g_judge_x, …` for the join. */
export const JUDGE_SELECT = JUDGE_COLUMNS.map((c) => `g.${c} AS g_${c}`).join(', ')

/** The judge columns' values, in `JUDGE_COLUMNS` order. */
export function judgeValues(judge: JudgeRecord): Array<string | number | null> {
  const usage = judge.usage
  return [
    judge.model ?? null, judge.calls ?? null, judge.agreement ?? null, usage?.promptTokens ?? null, usage?.completionTokens ?? null,
    usage?.totalTokens ?? null, usage?.thinkingTokens ?? null, judge.costUsd ?? null, judge.latencyMs ?? null,
  ]
}

export function rowToJudge(row: JudgeGradeRow): JudgeRecord | undefined {
  if (row.g_judge_model === null) return undefined
  const judge: JudgeRecord = { model: row.g_judge_model, calls: row.g_judge_calls ?? 0, latencyMs: row.g_judge_latency_ms ?? 0 }
  if (row.g_judge_agreement !== null) judge.agreement = row.g_judge_agreement
  if (row.g_judge_prompt_tokens !== null) {
    judge.usage = {
      promptTokens: row.g_judge_prompt_tokens,
      completionTokens: row.g_judge_completion_tokens ?? 0,
      totalTokens: row.g_judge_total_tokens ?? 0,
      thinkingTokens: row.g_judge_thinking_tokens ?? 0,
    }
  }
  if (row.g_judge_cost_usd !== null) judge.costUsd = row.g_judge_cost_usd
  return judge
}
