import { createHash } from 'node:crypto'
import type { ErrorInfo, Grade, JudgeRecord, RunMeta, RunStatus, SampleKey, SampleRecord, Shard, Usage } from '../core/index.js'
import { judgeToParams, rowToJudge, type JudgeGradeRow } from './judge-columns.js'

/**
 * Mapping between the shared record types and table rows. NULL columns become
 * absent properties, so a record read back equals the record written.
 */

export interface RunRow {
  id: string
  started_at: string
  finished_at: string | null
  status: string
  provider: string
  model: string
  git_commit: string | null
  config_json: string
  planned_samples: number
  shard: string | null
}

/** Outputs longer than this are stored once, in blobs, under their sha256. */
export const INLINE_OUTPUT_MAX = 256

/** The content address of a text: hex sha256. */
export function blobHash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** Named parameters of the sample INSERT. */
export interface SampleParams {
  run_id: string
  suite: string
  case_id: string
  variant: string
  seed: number
  result_index: number
  request_hash: string
  outcome: string
  output: string | null
  finish_reason: string | null
  latency_ms: number | null
  prompt_tokens: number | null
  completion_tokens: number | null
  total_tokens: number | null
  thinking_tokens: number | null
  cost_usd: number | null
  attempts: number
  score: number | null
  error_kind: string | null
  error_code: string | null
  error_message: string | null
  error_status: number | null
  error_parameter: string | null
  created_at: string
  output_hash: string | null
  cached: number
  saved_cost_usd: number | null
  tool_calls_json: string | null
  ttft_ms: number | null
}

/** A row of samples LEFT JOIN grades: grade columns are NULL for a sample without grades. */
export interface SampleGradeRow extends Omit<SampleParams, 'run_id' | 'created_at' | 'output_hash'>, JudgeGradeRow {
  g_ordinal: number | null
  g_type: string | null
  g_pass: number | null
  g_score: number | null
  g_reason: string | null
  g_weight: number | null
}

/** The key of a sample as one string: `suite\0case\0variant\0seed\0index`. */
export function sampleKeyString(key: SampleKey): string {
  return [key.suite, key.caseId, key.variant, key.seed, key.resultIndex].join('\u0000')
}

export function runToParams(meta: RunMeta): RunRow {
  return {
    id: meta.id,
    started_at: meta.startedAt,
    finished_at: meta.finishedAt ?? null,
    status: meta.status,
    provider: meta.provider,
    model: meta.model,
    git_commit: meta.gitCommit ?? null,
    config_json: JSON.stringify(meta.config ?? null),
    planned_samples: meta.plannedSamples,
    shard: meta.shard ? `${meta.shard.index}/${meta.shard.count}` : null,
  }
}

function parseShard(text: string): Shard {
  const [index, count] = text.split('/').map(Number)
  return { index: index ?? 1, count: count ?? 1 }
}

export function rowToRun(row: RunRow): RunMeta {
  const meta: RunMeta = {
    id: row.id,
    startedAt: row.started_at,
    status: row.status as RunStatus,
    provider: row.provider,
    model: row.model,
    config: JSON.parse(row.config_json) as unknown,
    plannedSamples: row.planned_samples,
  }
  if (row.finished_at !== null) meta.finishedAt = row.finished_at
  if (row.git_commit !== null) meta.gitCommit = row.git_commit
  if (row.shard !== null) meta.shard = parseShard(row.shard)
  return meta
}

export function sampleToParams(runId: string, sample: SampleRecord, createdAt: string): SampleParams {
  const { key, usage, error } = sample
  return {
    run_id: runId,
    suite: key.suite,
    case_id: key.caseId,
    variant: key.variant,
    seed: key.seed,
    result_index: key.resultIndex,
    request_hash: sample.requestHash,
    outcome: sample.outcome,
    output: sample.output === undefined || sample.output.length > INLINE_OUTPUT_MAX ? null : sample.output,
    output_hash: sample.output !== undefined && sample.output.length > INLINE_OUTPUT_MAX ? blobHash(sample.output) : null,
    cached: sample.cached ? 1 : 0,
    saved_cost_usd: sample.savedCostUsd ?? null,
    tool_calls_json: sample.toolCalls ? JSON.stringify(sample.toolCalls) : null,
    ttft_ms: sample.ttftMs ?? null,
    finish_reason: sample.finishReason ?? null,
    latency_ms: sample.latencyMs ?? null,
    prompt_tokens: usage?.promptTokens ?? null,
    completion_tokens: usage?.completionTokens ?? null,
    total_tokens: usage?.totalTokens ?? null,
    thinking_tokens: usage?.thinkingTokens ?? null,
    cost_usd: sample.costUsd ?? null,
    attempts: sample.attempts,
    score: sample.score ?? null,
    error_kind: error?.kind ?? null,
    error_code: error?.code ?? null,
    error_message: error?.message ?? null,
    error_status: error?.status ?? null,
    error_parameter: error?.parameter ?? null,
    created_at: createdAt,
  }
}

export function gradeToParams(grade: Grade, ordinal: number): Record<string, string | number | null> {
  return {
    ...judgeToParams(grade.judge),
    ordinal,
    type: grade.type,
    pass: grade.pass ? 1 : 0,
    score: grade.score,
    reason: grade.reason,
    weight: grade.weight,
  }
}

function rowToUsage(row: SampleGradeRow): Usage | undefined {
  if (row.prompt_tokens === null) return undefined
  return {
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens ?? 0,
    totalTokens: row.total_tokens ?? 0,
    thinkingTokens: row.thinking_tokens ?? 0,
  }
}

function rowToError(row: SampleGradeRow): ErrorInfo | undefined {
  if (row.error_kind === null) return undefined
  const error: ErrorInfo = {
    kind: row.error_kind as ErrorInfo['kind'],
    code: row.error_code ?? '',
    message: row.error_message ?? '',
  }
  if (row.error_status !== null) error.status = row.error_status
  if (row.error_parameter !== null) error.parameter = row.error_parameter
  return error
}

/** The sample of a joined row, without grades (see `rowToGrade`). */
export function rowToSample(row: SampleGradeRow): SampleRecord {
  const sample: SampleRecord = {
    key: { suite: row.suite, caseId: row.case_id, variant: row.variant, seed: row.seed, resultIndex: row.result_index },
    requestHash: row.request_hash,
    outcome: row.outcome as SampleRecord['outcome'],
    attempts: row.attempts,
    grades: [],
  }
  if (row.output !== null) sample.output = row.output
  if (row.finish_reason !== null) sample.finishReason = row.finish_reason
  if (row.latency_ms !== null) sample.latencyMs = row.latency_ms
  const usage = rowToUsage(row)
  if (usage) sample.usage = usage
  if (row.cost_usd !== null) sample.costUsd = row.cost_usd
  if (row.score !== null) sample.score = row.score
  const error = rowToError(row)
  if (error) sample.error = error
  if (row.cached === 1) sample.cached = true
  if (row.saved_cost_usd !== null) sample.savedCostUsd = row.saved_cost_usd
  if (row.tool_calls_json !== null) sample.toolCalls = JSON.parse(row.tool_calls_json) as SampleRecord['toolCalls']
  if (row.ttft_ms !== null) sample.ttftMs = row.ttft_ms
  return sample
}

/** The grade of a joined row, or undefined when the sample has none. */
export function rowToGrade(row: SampleGradeRow): Grade | undefined {
  if (row.g_ordinal === null) return undefined
  return {
    type: row.g_type ?? '',
    pass: row.g_pass === 1,
    score: row.g_score ?? 0,
    reason: row.g_reason ?? '',
    weight: row.g_weight ?? 0,
    ...judgeOf(row),
  }
}

/** Whether two joined rows belong to the same sample. */
export function sameSample(a: SampleGradeRow, b: SampleGradeRow): boolean {
  return a.suite === b.suite && a.case_id === b.case_id && a.variant === b.variant &&
    a.seed === b.seed && a.result_index === b.result_index
}

function judgeOf(row: SampleGradeRow): { judge?: JudgeRecord } {
  const judge = rowToJudge(row)
  return judge ? { judge } : {}
}
