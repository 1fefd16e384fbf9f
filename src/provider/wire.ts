/**
 * Mapping between the harness's `GenerateRequest`/`GenerateResult` and Runware's native
 * `textInference` wire format (runware-text-inference.md §2-4). No I/O here.
 */
import type { GenerateRequest, GenerateResult, Usage } from '../core/index.js'
import { badResponse, errorFromItem, type Redact, type WireErrorItem } from './classify.js'

export type DeliveryMethod = 'sync' | 'async' | 'stream'

/** The one `textInference` task object of a request body (the body is `[task]`). */
export function buildTextInferenceTask(req: GenerateRequest, taskUUID: string, deliveryMethod: DeliveryMethod = 'sync'): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  if (req.settings.systemPrompt !== undefined) settings.systemPrompt = req.settings.systemPrompt
  if (req.settings.maxTokens !== undefined) settings.maxTokens = req.settings.maxTokens
  if (req.settings.thinkingLevel !== undefined) settings.thinkingLevel = req.settings.thinkingLevel
  const task: Record<string, unknown> = {
    taskType: 'textInference',
    taskUUID,
    model: req.model,
    deliveryMethod,
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
    seed: req.seed,
    numberResults: req.numberResults,
    includeCost: true,
    includeUsage: true,
  }
  if (Object.keys(settings).length > 0) task.settings = settings
  if (req.outputFormat === 'JSON') {
    task.outputFormat = 'JSON'
    if (req.jsonSchema) task.jsonSchema = req.jsonSchema
  }
  return task
}

export interface Envelope {
  data: unknown[]
  errors: WireErrorItem[]
}

/** Parse the JSON envelope `{data, errors}` (also tolerating a singular `error`); undefined when not one. */
export function parseEnvelope(text: string): Envelope | undefined {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(body)) return undefined
  const data = Array.isArray(body.data) ? body.data : []
  const errors: WireErrorItem[] = []
  if (Array.isArray(body.errors)) errors.push(...body.errors.filter(isRecord))
  if (isRecord(body.error)) errors.push({ taskUUID: typeof body.taskUUID === 'string' ? body.taskUUID : undefined, ...body.error })
  return { data, errors }
}

/** Errors that concern a task: those with its taskUUID, or with none (envelope-wide). */
export function errorsFor(envelope: Envelope, taskUUID: string): WireErrorItem[] {
  return envelope.errors.filter((e) => e.taskUUID === undefined || e.taskUUID === taskUUID)
}

/**
 * The results of a sync task from a 2xx envelope: items matched by taskUUID (never by
 * position), in arrival order. An error item for the task, or fewer than `expected` items,
 * is a failure.
 */
export function collectResults(envelope: Envelope, taskUUID: string, expected: number, status: number, redact: Redact): GenerateResult[] {
  const ours = envelope.data.filter((item): item is Record<string, unknown> => isRecord(item) && item.taskUUID === taskUUID)
  const failed = ours.find((item) => item.status === 'error')
  const firstError = errorsFor(envelope, taskUUID)[0] ?? (failed && embeddedError(failed))
  if (firstError) throw errorFromItem(status, firstError, redact)
  if (ours.length < expected) {
    throw badResponse(`Runware returned ${ours.length} result(s) for task ${taskUUID}, expected ${expected}`, redact, status)
  }
  return ours.slice(0, expected).map((item, i) => toResult(item, i, redact))
}

function embeddedError(item: Record<string, unknown>): WireErrorItem {
  const inner = isRecord(item.error) ? item.error : {}
  return { ...inner, taskUUID: item.taskUUID as string }
}

function toResult(item: Record<string, unknown>, index: number, redact: Redact): GenerateResult {
  if (typeof item.text !== 'string') {
    throw badResponse(`result ${index} of task ${String(item.taskUUID)} has no text (got ${typeof item.text})`, redact)
  }
  const result: GenerateResult = {
    text: item.text,
    finishReason: typeof item.finishReason === 'string' ? item.finishReason : 'unknown',
  }
  const usage = toUsage(item.usage)
  if (usage) result.usage = usage
  if (typeof item.cost === 'number' && Number.isFinite(item.cost)) result.costUsd = item.cost
  return result
}

/** Wire usage to core Usage; thinkingTokens defaults to 0 (or the legacy reasoningTokens). */
export function toUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const promptTokens = num(raw.promptTokens) ?? 0
  const completionTokens = num(raw.completionTokens) ?? 0
  const details = isRecord(raw.completionTokensDetails) ? raw.completionTokensDetails : {}
  return {
    promptTokens,
    completionTokens,
    totalTokens: num(raw.totalTokens) ?? promptTokens + completionTokens,
    thinkingTokens: num(raw.thinkingTokens) ?? num(details.reasoningTokens) ?? 0,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
