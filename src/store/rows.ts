import { sha256Hex, type ErrorInfo, type Grade, type JudgeRecord, type RunMeta, type RunStatus, type SampleKey, type SampleRecord, type Shard, type Usage } from '../core/index.js'
import { rowToJudge, type JudgeGradeRow } from './judge-columns.js'

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
  return sha256Hex(text)
}

/** The columns of a sample row. */
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

/**
 * Columns of the sample INSERT, in the order of `sampleValues` (positional parameters: binding
 * by name cost more than the insert itself).
 */
export const SAMPLE_COLUMNS = [
  'run_id', 'suite', 'case_id', 'variant', 'seed', 'result_index', 'request_hash', 'outcome', 'output',
  'finish_reason', 'latency_ms', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'thinking_tokens',
  'cost_usd', 'attempts', 'score', 'error_kind', 'error_code', 'error_message', 'error_status',
  'error_parameter', 'created_at', 'output_hash', 'cached', 'saved_cost_usd', 'tool_calls_json', 'ttft_ms',
] as const satisfies ReadonlyArray<keyof SampleParams>

type SqlValue = string | number | null

/** The values of the sample INSERT in `SAMPLE_COLUMNS` order; `outputHash` is set for a long output. */
export function sampleValues(runId: string, sample: SampleRecord, createdAt: string, outputHash: string | null): SqlValue[] {
  const { key, usage, error } = sample
  return [
    runId, key.suite, key.caseId, key.variant, key.seed, key.resultIndex, sample.requestHash, sample.outcome,
    outputHash === null ? sample.output ?? null : null,
    sample.finishReason ?? null, sample.latencyMs ?? null,
    usage?.promptTokens ?? null, usage?.completionTokens ?? null, usage?.totalTokens ?? null, usage?.thinkingTokens ?? null,
    sample.costUsd ?? null, sample.attempts, sample.score ?? null,
    error?.kind ?? null, error?.code ?? null, error?.message ?? null, error?.status ?? null, error?.parameter ?? null,
    createdAt, outputHash, sample.cached ? 1 : 0, sample.savedCostUsd ?? null,
    sample.toolCalls ? JSON.stringify(sample.toolCalls) : null, sample.ttftMs ?? null,
  ]
}

/** The blob hash of a sample's output when it is too long to keep inline, else null. */
export function outputHashOf(sample: SampleRecord): string | null {
  return sample.output !== undefined && sample.output.length > INLINE_OUTPUT_MAX ? blobHash(sample.output) : null
}

/** Grade columns after the six sample-key columns (then the judge's, when it has one). */
export const GRADE_COLUMNS = ['ordinal', 'type', 'pass', 'score', 'reason', 'weight'] as const

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
