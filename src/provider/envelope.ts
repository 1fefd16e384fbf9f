/**
 * Reading Runware's answers (runware-text-inference.md §3-5): the `{data, errors}` envelope,
 * result items matched by taskUUID, usage, cost and tool calls. No I/O here.
 */
import type { GenerateResult, ToolCall, Usage } from '../core/index.js'
import { badResponse, errorFromItem, type Redact, type WireErrorItem } from './classify.js'

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
  return envelopeOf(body)
}

/** An already parsed body as an envelope; undefined when it is not an object. */
export function envelopeOf(body: unknown): Envelope | undefined {
  if (!isRecord(body)) return undefined
  const data = Array.isArray(body.data) ? body.data : isRecord(body.data) ? [body.data] : []
  const errors: WireErrorItem[] = []
  if (Array.isArray(body.errors)) errors.push(...body.errors.filter(isRecord))
  if (isRecord(body.error)) errors.push({ taskUUID: typeof body.taskUUID === 'string' ? body.taskUUID : undefined, ...body.error })
  return { data, errors }
}

/** Errors that concern a task: those with its taskUUID, or with none (envelope-wide). */
export function errorsFor(envelope: Envelope, taskUUID: string): WireErrorItem[] {
  return envelope.errors.filter((e) => e.taskUUID === undefined || e.taskUUID === taskUUID)
}

/** The data items of a task (matched by taskUUID, never by position), in arrival order. */
export function itemsFor(envelope: Envelope, taskUUID: string): Array<Record<string, unknown>> {
  return envelope.data.filter((item): item is Record<string, unknown> => isRecord(item) && item.taskUUID === taskUUID)
}

/**
 * The results of a sync task from a 2xx envelope. An error item for the task, or fewer
 * than `expected` items, is a failure.
 */
export function collectResults(envelope: Envelope, taskUUID: string, expected: number, status: number, redact: Redact): GenerateResult[] {
  const ours = itemsFor(envelope, taskUUID)
  const failed = ours.find((item) => item.status === 'error')
  const firstError = errorsFor(envelope, taskUUID)[0] ?? (failed && embeddedError(failed))
  if (firstError) throw errorFromItem(status, firstError, redact)
  if (ours.length < expected) {
    throw badResponse(`Runware returned ${ours.length} result(s) for task ${taskUUID}, expected ${expected}`, redact, status)
  }
  return ours.slice(0, expected).map((item, i) => toResult(item, i, redact))
}

/** The error of a `data` item with `status: "error"` (the TS SDK's embedded form). */
export function embeddedError(item: Record<string, unknown>): WireErrorItem {
  const inner = isRecord(item.error) ? item.error : {}
  const code = typeof item.code === 'string' ? { code: item.code } : {}
  const message = typeof item.message === 'string' ? { message: item.message } : {}
  return { ...code, ...message, ...inner, taskUUID: item.taskUUID as string }
}

/** One result item as a GenerateResult; tool calls are read from `toolCalls` (or `tools`). */
export function toResult(item: Record<string, unknown>, index: number, redact: Redact): GenerateResult {
  const toolCalls = toToolCalls(item.toolCalls ?? item.tools, index, redact)
  const text = typeof item.text === 'string' ? item.text : toolCalls ? '' : undefined
  if (text === undefined) {
    throw badResponse(`result ${index} of task ${String(item.taskUUID)} has no text (got ${typeof item.text})`, redact)
  }
  const result: GenerateResult = {
    text,
    finishReason: typeof item.finishReason === 'string' ? item.finishReason : 'unknown',
  }
  const usage = toUsage(item.usage)
  if (usage) result.usage = usage
  if (typeof item.cost === 'number' && Number.isFinite(item.cost)) result.costUsd = item.cost
  if (toolCalls) result.toolCalls = toolCalls
  return result
}

/** Wire tool calls `[{id, name, input | arguments}]` (arguments an object or a JSON string). */
export function toToolCalls(raw: unknown, index: number, redact: Redact): ToolCall[] | undefined {
  if (raw === undefined || raw === null) return undefined
  if (!Array.isArray(raw)) throw badResponse(`result ${index}: tool calls must be an array, got ${typeof raw}`, redact)
  if (raw.length === 0) return undefined
  return raw.map((call, j) => {
    const where = `result ${index}, tool call ${j}`
    if (!isRecord(call) || typeof call.name !== 'string') throw badResponse(`${where} has no name`, redact)
    let args: unknown = call.input ?? call.arguments ?? {}
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args === '' ? '{}' : args)
      } catch {
        throw badResponse(`${where} (${call.name}): arguments are not valid JSON`, redact)
      }
    }
    if (!isRecord(args)) throw badResponse(`${where} (${call.name}): arguments must be a JSON object`, redact)
    return { id: typeof call.id === 'string' ? call.id : `call_${j}`, name: call.name, arguments: args }
  })
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
