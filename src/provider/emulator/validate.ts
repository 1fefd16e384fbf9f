/**
 * Validation of one `textInference` task (runware-text-inference.md §12.2). Every violation
 * becomes one error item; a task with no violation becomes a normalised `TextTask`.
 */
import { Checker, checkEnum, checkInteger, checkKeys, describeValue, isRecord, type WireError } from './errors.js'
import { checkInputs, checkMessages, type TaskMessage } from './validate-messages.js'
import { checkJsonSchema, checkTools, type TaskTool, type TaskToolChoice } from './validate-tools.js'

export type DeliveryMethod = 'sync' | 'async' | 'stream'

/** A validated task with defaults applied. */
export interface TextTask {
  taskUUID: string
  model: string
  messages: TaskMessage[]
  numberResults: number
  /** Absent when the request gave none (the emulator then draws one). */
  seed?: number
  outputFormat: 'TEXT' | 'JSON'
  deliveryMethod: DeliveryMethod
  includeCost: boolean
  includeUsage: boolean
  systemPrompt?: string
  maxTokens: number
  thinkingLevel: string
  /** The bare JSON Schema (envelope unwrapped), when given. */
  jsonSchema?: Record<string, unknown>
  imageCount: number
  tools?: TaskTool[]
  toolChoice?: TaskToolChoice
  webhookURL?: string
}

export interface ValidationOptions {
  thinkingLevels: readonly string[]
  models: readonly string[]
  /** Delivery methods answered by this emulator; the others get `unsupportedParameter`. */
  deliveryMethods: readonly DeliveryMethod[]
  ignoreUnknownParameters: boolean
  /** numberResults > 1 with stream delivery: rejected (default) or answered one result after another. */
  streamMultipleResults?: 'reject' | 'sequential'
  /** The stored task of a taskUUID, for `conflictTaskUUID`. */
  findTask(taskUUID: string): { taskType: string; deliveryMethod: string } | undefined
}

const ROOT_KEYS = new Set([
  'taskType', 'taskUUID', 'model', 'outputFormat', 'webhookURL', 'deliveryMethod', 'includeCost', 'includeUsage',
  'inputs', 'numberResults', 'seed', 'jsonSchema', 'messages', 'settings', 'tools', 'toolChoice',
])
const SETTINGS_KEYS = new Set(['systemPrompt', 'maxTokens', 'thinkingLevel'])
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
export const DEFAULT_MAX_TOKENS = 32_000
export const DEFAULT_THINKING_LEVEL = 'medium'

export function validateTextInference(raw: Record<string, unknown>, opts: ValidationOptions): { task?: TextTask; errors: WireError[] } {
  const c = new Checker('textInference', raw.taskUUID)
  checkKeys(c, raw, ROOT_KEYS, '', opts.ignoreUnknownParameters)
  const taskUUID = checkTaskUUID(c, raw.taskUUID, opts)
  const model = checkModel(c, raw.model, opts.models)
  const messages = checkMessages(c, raw.messages)
  const numberResults = optional(raw.numberResults, 1, (v) => checkInteger(c, v, { parameter: 'numberResults', code: 'invalidNumberResults', min: 1, max: 4 }))
  const seed = optional(raw.seed, undefined, (v) => checkInteger(c, v, { parameter: 'seed', code: 'invalidSeed', min: 0, max: 2_147_483_647 }))
  const outputFormat = optional(raw.outputFormat, 'TEXT' as const, (v) =>
    checkEnum(c, v, ['TEXT', 'JSON'] as const, { parameter: 'outputFormat', code: 'invalidOutputFormat', caseInsensitive: true }))
  const deliveryMethod = checkDeliveryMethod(c, raw.deliveryMethod, opts.deliveryMethods)
  const includeCost = checkBoolean(c, raw.includeCost, 'includeCost')
  const includeUsage = checkBoolean(c, raw.includeUsage, 'includeUsage')
  const webhookURL = checkWebhookURL(c, raw.webhookURL)
  const imageCount = checkInputs(c, raw.inputs)
  const jsonSchema = checkJsonSchema(c, raw.jsonSchema)
  const settings = checkSettings(c, raw.settings, opts)
  const tools = checkTools(c, raw.tools, raw.toolChoice)
  if (deliveryMethod === 'stream' && (numberResults ?? 1) > 1 && opts.streamMultipleResults !== 'sequential') {
    const message = 'numberResults > 1 is not supported with deliveryMethod "stream"; use 1, or sync/async delivery'
    c.fail('unsupportedParameter', 'numberResults', message, { min: 1, max: 1 })
  }
  if (!c.ok) return { errors: c.errors }
  const task: TextTask = {
    taskUUID: taskUUID!, model: model!, messages: messages!, numberResults: numberResults!, seed,
    outputFormat: outputFormat!, deliveryMethod: deliveryMethod!, includeCost: includeCost!, includeUsage: includeUsage!,
    jsonSchema, imageCount: imageCount!, ...settings!, ...tools, ...(webhookURL ? { webhookURL } : {}),
  }
  return { task, errors: [] }
}

/** Absent values take the default; present ones go through the check. */
function optional<T, D>(value: unknown, fallback: D, check: (v: unknown) => T | undefined): T | D | undefined {
  return value === undefined ? fallback : check(value)
}

function checkTaskUUID(c: Checker, value: unknown, opts: ValidationOptions): string | undefined {
  if (value === undefined) {
    c.fail('missingTaskUUID', 'taskUUID', 'taskUUID is required: a UUID v4 unique to this task')
    return undefined
  }
  if (typeof value !== 'string' || !UUID_V4.test(value)) {
    c.fail('invalidTaskUUID', 'taskUUID', `taskUUID must be a UUID v4, got ${describeValue(value)}`, { type: 'string' })
    return undefined
  }
  const stored = opts.findTask(value)
  if (stored) {
    const context = { taskType: stored.taskType, taskUUID: value, deliveryMethod: stored.deliveryMethod }
    c.fail('conflictTaskUUID', 'taskUUID', `taskUUID ${value} was already used by another task`, { context })
    return undefined
  }
  return value
}

function checkModel(c: Checker, value: unknown, models: readonly string[]): string | undefined {
  if (value === undefined) {
    c.fail('missingModel', 'model', `model is required, e.g. ${models[0] ?? 'openai:gpt@5-mini'}`)
    return undefined
  }
  if (typeof value !== 'string' || !models.includes(value)) {
    c.fail('invalidModel', 'model', `model must be one of ${models.join(', ')}, got ${describeValue(value)}`, { allowedValues: models })
    return undefined
  }
  return value
}

function checkDeliveryMethod(c: Checker, value: unknown, supported: readonly DeliveryMethod[]): DeliveryMethod | undefined {
  if (value === undefined) return 'sync'
  const method = checkEnum(c, value, ['sync', 'async', 'stream'] as const, { parameter: 'deliveryMethod', code: 'invalidDeliveryMethod' })
  if (method === undefined || supported.includes(method)) return method
  const message = `deliveryMethod "${method}" is not supported by this emulator; use ${supported.join(', ')}`
  c.fail('unsupportedParameter', 'deliveryMethod', message, { allowedValues: supported })
  return undefined
}

function checkBoolean(c: Checker, value: unknown, parameter: 'includeCost' | 'includeUsage'): boolean | undefined {
  if (value === undefined) return false
  if (typeof value === 'boolean') return value
  const code = parameter === 'includeCost' ? 'invalidIncludeCost' : 'invalidIncludeUsage'
  c.fail(code, parameter, `${parameter} must be a boolean, got ${describeValue(value)}`, { type: 'boolean' })
  return undefined
}

function checkWebhookURL(c: Checker, value: unknown): string | undefined {
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    c.fail('invalidWebhookURL', 'webhookURL', `webhookURL must be an absolute http(s) URL, got ${describeValue(value)}`)
    return undefined
  }
  return value as string
}

/** `medium` when configured, else the middle configured level. */
function defaultThinkingLevel(levels: readonly string[]): string {
  return levels.includes(DEFAULT_THINKING_LEVEL) ? DEFAULT_THINKING_LEVEL : (levels[Math.floor(levels.length / 2)] ?? DEFAULT_THINKING_LEVEL)
}

type Settings = Pick<TextTask, 'systemPrompt' | 'maxTokens' | 'thinkingLevel'>

function checkSettings(c: Checker, value: unknown, opts: ValidationOptions): Settings | undefined {
  const defaults: Settings = { maxTokens: DEFAULT_MAX_TOKENS, thinkingLevel: defaultThinkingLevel(opts.thinkingLevels) }
  if (value === undefined) return defaults
  if (!isRecord(value)) {
    c.fail('invalidSettings', 'settings', `settings must be an object, got ${describeValue(value)}`, { type: 'object' })
    return undefined
  }
  checkKeys(c, value, SETTINGS_KEYS, 'settings', opts.ignoreUnknownParameters)
  const settings: Settings = { ...defaults }
  const { systemPrompt, maxTokens, thinkingLevel } = value
  if (systemPrompt !== undefined) {
    if (typeof systemPrompt === 'string' && systemPrompt.length >= 1 && systemPrompt.length <= 200_000) settings.systemPrompt = systemPrompt
    else {
      const message = `settings.systemPrompt must be a string of 1 to 200000 characters, got ${describeValue(systemPrompt)}`
      c.fail('invalidSystemPrompt', 'settings.systemPrompt', message, { type: 'string', min: 1, max: 200_000 })
    }
  }
  if (maxTokens !== undefined) {
    settings.maxTokens = checkInteger(c, maxTokens, { parameter: 'settings.maxTokens', code: 'invalidMaxTokens', min: 1, max: 128_000 }) ?? 0
  }
  if (thinkingLevel !== undefined) {
    const level = checkEnum(c, thinkingLevel, opts.thinkingLevels, { parameter: 'settings.thinkingLevel', code: 'invalidThinkingLevel' })
    settings.thinkingLevel = level ?? ''
  }
  return settings
}
