/**
 * Result synthesis (runware-text-inference.md §12.3): a pure function of the task and the
 * seed. Result k of a task uses seed + k; text comes from the script's response rules, else
 * (JSON mode) a value generated from the jsonSchema, else a pseudo-random sentence.
 *
 *   promptTokens     = ceil(chars of systemPrompt + message texts / 4) + 85 per input image
 *   completionTokens = ceil(chars of text / 4)
 *   thinkingTokens   = thinkingTokens[level] ± 12.5% (deterministic jitter)
 *   cost (USD)       = prompt * inputPerMillion / 1e6 + (completion + thinking) * outputPerMillion / 1e6
 *   latency (ms)     = latency.fixedMs ?? (baseMs + (thinking + completion) / tokensPerSecond * 1000) * scale
 *
 * When completion (+ thinking, unless maxTokensIncludesThinking is false) exceeds maxTokens,
 * thinking is cut first, then the text, and finishReason is `length`.
 */
import { valueFromSchema } from './schema-value.js'
import { rngFor, unitHash, intBetween, pick } from './draw.js'
import { scriptedAnswer, type CompiledRule } from './answers.js'
import { contentText } from './validate-messages.js'
import type { EmulatorScript } from './script.js'
import type { TextTask } from './validate.js'
import { toolCallsFor, type WireToolCall } from './tool-calls.js'

export interface SynthesisContext {
  script: EmulatorScript
  rules: readonly CompiledRule[]
  levels: readonly string[]
}

export interface SynthesizedResult {
  text: string
  finishReason: 'stop' | 'length' | 'tool_calls'
  promptTokens: number
  completionTokens: number
  thinkingTokens: number
  toolCalls?: WireToolCall[]
}

const TOKENS_PER_IMAGE = 85
const CHARS_PER_TOKEN = 4
const WORDS = [
  'the', 'model', 'answer', 'quiet', 'river', 'carries', 'light', 'across', 'a', 'distant', 'valley', 'while',
  'careful', 'readers', 'note', 'every', 'small', 'detail', 'of', 'its', 'steady', 'course', 'toward', 'open',
  'sea', 'bright', 'morning', 'clouds', 'gather', 'over', 'old', 'stone', 'bridges', 'and', 'green', 'fields',
]

/** The N results of a task, in result-index order. */
export function synthesizeResults(task: TextTask, seed: number, ctx: SynthesisContext): SynthesizedResult[] {
  const promptTokens = countPromptTokens(task)
  const lastUser = [...task.messages].reverse().find((m) => m.role === 'user')
  const prompt = lastUser ? contentText(lastUser.content) : ''
  return Array.from({ length: task.numberResults }, (_, k) => synthesizeOne(task, seed + k, prompt, promptTokens, ctx))
}

function synthesizeOne(task: TextTask, seed: number, prompt: string, promptTokens: number, ctx: SynthesisContext): SynthesizedResult {
  const systemPrompt = task.systemPrompt ?? ''
  const base = ctx.script.thinkingTokens[task.thinkingLevel] ?? 0
  const jitter = Math.round(base * (unitHash('thinking', seed, task.messages, systemPrompt) - 0.5) * 0.25)
  const toolCalls = toolCallsFor(task, seed, ctx.script.toolCalls)
  if (toolCalls) {
    const completionTokens = tokensOf(JSON.stringify(toolCalls))
    return { text: '', finishReason: 'tool_calls', promptTokens, completionTokens, thinkingTokens: base + jitter, toolCalls }
  }
  const key = { seed, messages: task.messages, systemPrompt }
  const text =
    scriptedAnswer(ctx.rules, prompt, task.thinkingLevel, ctx.levels, key) ??
    (task.outputFormat === 'JSON'
      ? JSON.stringify(valueFromSchema(task.jsonSchema, rngFor('json', seed, task.messages, systemPrompt)))
      : pseudoSentence(seed, task.messages, systemPrompt))
  return applyMaxTokens({ text, finishReason: 'stop', promptTokens, completionTokens: tokensOf(text), thinkingTokens: base + jitter }, task.maxTokens, ctx.script)
}

function applyMaxTokens(r: SynthesizedResult, maxTokens: number, script: EmulatorScript): SynthesizedResult {
  const thinking = script.maxTokensIncludesThinking ? Math.min(r.thinkingTokens, maxTokens) : r.thinkingTokens
  const budget = script.maxTokensIncludesThinking ? maxTokens - thinking : maxTokens
  if (r.completionTokens <= budget && thinking === r.thinkingTokens) return r
  const text = r.text.slice(0, Math.max(0, budget) * CHARS_PER_TOKEN)
  return { ...r, text, finishReason: 'length', completionTokens: Math.min(tokensOf(text), budget), thinkingTokens: thinking }
}

function countPromptTokens(task: TextTask): number {
  let chars = task.systemPrompt?.length ?? 0
  for (const m of task.messages) chars += contentText(m.content).length
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN)) + task.imageCount * TOKENS_PER_IMAGE
}

function tokensOf(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN)
}

function pseudoSentence(seed: number, messages: unknown, systemPrompt: string): string {
  const rng = rngFor('text', seed, messages, systemPrompt)
  const words = Array.from({ length: intBetween(rng, 6, 12) }, () => pick(rng, WORDS))
  const sentence = words.join(' ')
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`
}

/** USD, rounded to 12 decimals. */
export function costOf(r: SynthesizedResult, script: EmulatorScript): number {
  const { inputPerMillion, outputPerMillion } = script.pricing
  const usd = (r.promptTokens * inputPerMillion + (r.completionTokens + r.thinkingTokens) * outputPerMillion) / 1e6
  return Number(usd.toFixed(12))
}

/** Simulated time to produce a result. */
export function latencyOf(r: SynthesizedResult, script: EmulatorScript): number {
  const { baseMs, tokensPerSecond, scale, fixedMs } = script.latency
  if (fixedMs !== null) return fixedMs
  return (baseMs + ((r.thinkingTokens + r.completionTokens) / tokensPerSecond) * 1000) * scale
}

/** The wire item of one result. */
export function resultItem(task: TextTask, r: SynthesizedResult, script: EmulatorScript): Record<string, unknown> {
  const item: Record<string, unknown> = { taskType: 'textInference', taskUUID: task.taskUUID, text: r.text, finishReason: r.finishReason }
  if (task.includeUsage) {
    const { promptTokens, completionTokens, thinkingTokens } = r
    item.usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, thinkingTokens }
  }
  if (task.includeCost) item.cost = costOf(r, script)
  if (r.toolCalls) item[script.protocol.toolCallsField] = r.toolCalls
  return item
}
