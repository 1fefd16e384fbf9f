import { z } from 'zod'
import type { ErrorInfo, PassRule, RunMeta, SampleRecord } from '../core/index.js'

/**
 * The baseline file format (`baselines/<name>.json`): one run, portable and meant to be
 * committed. Compact and diff-friendly: one sample per line, fixed key order, samples sorted by
 * (suite, case, variant, seed, result index), long texts cut. Versioned by `formatVersion`.
 */

export const BASELINE_FORMAT_VERSION = 1
/** Outputs and error messages longer than this are cut (the baseline keeps what a reviewer needs). */
export const BASELINE_TEXT_MAX = 200
/** Request hashes are kept to this many hex digits (64 bits): enough to tell requests apart. */
export const BASELINE_HASH_LENGTH = 16

export interface BaselineSuite {
  name: string
  /** Hash of the resolved suite when the run was made. */
  hash?: string
  pass: PassRule
  variants: string[]
}

export interface Baseline {
  formatVersion: number
  name: string
  run: Pick<RunMeta, 'id' | 'startedAt' | 'finishedAt' | 'status' | 'provider' | 'model' | 'gitCommit'>
  suites: BaselineSuite[]
  /** Samples without grades (a baseline keeps outcomes, scores and measurements). */
  samples: SampleRecord[]
}

const PassRuleSchema = z.union([
  z.strictObject({ rule: z.enum(['all', 'any', 'majority']) }),
  z.strictObject({ rule: z.literal('atLeast'), n: z.int().min(1) }),
])

const SampleLineSchema = z.strictObject({
  suite: z.string().min(1),
  case: z.string().min(1),
  variant: z.string().min(1),
  seed: z.int(),
  index: z.int().min(0),
  outcome: z.enum(['pass', 'fail', 'error']),
  score: z.number().optional(),
  output: z.string().optional(),
  finishReason: z.string().optional(),
  error: z.strictObject({ kind: z.string(), code: z.string(), message: z.string(), status: z.int().optional() }).optional(),
  latencyMs: z.number().min(0).optional(),
  costUsd: z.number().min(0).optional(),
  promptTokens: z.int().min(0).optional(),
  completionTokens: z.int().min(0).optional(),
  thinkingTokens: z.int().min(0).optional(),
  cached: z.boolean().optional(),
  savedCostUsd: z.number().min(0).optional(),
  request: z.string(),
})

export type SampleLine = z.output<typeof SampleLineSchema>

export const BaselineSchema = z.strictObject({
  formatVersion: z.literal(BASELINE_FORMAT_VERSION),
  name: z.string().min(1),
  run: z.strictObject({
    id: z.string().min(1),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    status: z.enum(['running', 'completed', 'interrupted', 'failed']),
    provider: z.string(),
    model: z.string(),
    gitCommit: z.string().optional(),
  }),
  suites: z.array(z.strictObject({
    name: z.string().min(1),
    hash: z.string().optional(),
    pass: PassRuleSchema,
    variants: z.array(z.string().min(1)).min(1),
  })),
  samples: z.array(SampleLineSchema),
})

export function sampleToLine(s: SampleRecord): SampleLine {
  const line: SampleLine = {
    suite: s.key.suite, case: s.key.caseId, variant: s.key.variant, seed: s.key.seed, index: s.key.resultIndex,
    outcome: s.outcome,
    request: s.requestHash.slice(0, BASELINE_HASH_LENGTH),
  }
  if (s.score !== undefined) line.score = s.score
  if (s.output !== undefined) line.output = cut(s.output)
  if (s.finishReason !== undefined) line.finishReason = s.finishReason
  if (s.error) line.error = errorLine(s.error)
  if (s.latencyMs !== undefined) line.latencyMs = Math.round(s.latencyMs * 1000) / 1000
  if (s.costUsd !== undefined) line.costUsd = s.costUsd
  if (s.usage) {
    line.promptTokens = s.usage.promptTokens
    line.completionTokens = s.usage.completionTokens
    line.thinkingTokens = s.usage.thinkingTokens
  }
  if (s.cached) line.cached = true
  if (s.savedCostUsd !== undefined) line.savedCostUsd = s.savedCostUsd
  return orderKeys(line)
}

export function lineToSample(l: SampleLine): SampleRecord {
  const s: SampleRecord = {
    key: { suite: l.suite, caseId: l.case, variant: l.variant, seed: l.seed, resultIndex: l.index },
    requestHash: l.request,
    outcome: l.outcome,
    attempts: 1,
    grades: [],
  }
  if (l.score !== undefined) s.score = l.score
  if (l.output !== undefined) s.output = l.output
  if (l.finishReason !== undefined) s.finishReason = l.finishReason
  if (l.error) s.error = { ...l.error, kind: l.error.kind as ErrorInfo['kind'] }
  if (l.latencyMs !== undefined) s.latencyMs = l.latencyMs
  if (l.costUsd !== undefined) s.costUsd = l.costUsd
  if (l.promptTokens !== undefined) {
    const completion = l.completionTokens ?? 0
    const thinking = l.thinkingTokens ?? 0
    s.usage = { promptTokens: l.promptTokens, completionTokens: completion, thinkingTokens: thinking, totalTokens: l.promptTokens + completion + thinking }
  }
  if (l.cached) s.cached = true
  if (l.savedCostUsd !== undefined) s.savedCostUsd = l.savedCostUsd
  return s
}

const LINE_KEYS = Object.keys(SampleLineSchema.shape) as Array<keyof SampleLine>

/** The same keys, always in schema order, so that equal samples serialise to equal lines. */
function orderKeys(line: SampleLine): SampleLine {
  const out: Record<string, unknown> = {}
  for (const k of LINE_KEYS) if (line[k] !== undefined) out[k] = line[k]
  return out as SampleLine
}

function errorLine(e: ErrorInfo): NonNullable<SampleLine['error']> {
  return { kind: e.kind, code: e.code, message: cut(e.message), ...(e.status !== undefined ? { status: e.status } : {}) }
}

function cut(text: string): string {
  return text.length > BASELINE_TEXT_MAX ? `${text.slice(0, BASELINE_TEXT_MAX - 1)}…` : text
}

/** Order of samples in the file. */
export function compareSampleKeys(a: SampleRecord, b: SampleRecord): number {
  const x = a.key
  const y = b.key
  return cmp(x.suite, y.suite) || cmp(x.caseId, y.caseId) || cmp(x.variant, y.variant) || x.seed - y.seed || x.resultIndex - y.resultIndex
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
