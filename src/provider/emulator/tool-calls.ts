/**
 * Tool calls of the emulator (runware-text-inference.md §12.3): under toolChoice `tool` the
 * named function is called, under `any` one function tool (the one the prompt names, else
 * a seeded pick), under `auto` (the default) a function the last user message names or a
 * scripted `toolCalls` rule matches, but never right after a tool result; `none`, and
 * server-side tools (`search`, `codeInterpreter`), never surface calls. Arguments are
 * generated from the tool's schema, so they satisfy it; scripted arguments override them.
 */
import { hashOf } from '../../core/index.js'
import { rngFor, pick } from './draw.js'
import type { ToolCallRule } from './script-protocol.js'
import { valueFromSchema } from './schema-value.js'
import { contentText } from './validate-messages.js'
import type { TaskTool } from './validate-tools.js'
import type { TextTask } from './validate.js'

/** A tool call as the native API carries it. */
export interface WireToolCall {
  id: string
  name: string
  input: Record<string, unknown>
}

export function toolCallsFor(task: TextTask, seed: number, rules: readonly ToolCallRule[]): WireToolCall[] | undefined {
  const functions = (task.tools ?? []).filter((t): t is TaskTool & { name: string } => t.type === 'function' && typeof t.name === 'string')
  const choice = task.toolChoice?.type ?? 'auto'
  if (functions.length === 0 || choice === 'none') return undefined
  const last = task.messages[task.messages.length - 1]
  const prompt = last?.role === 'user' ? contentText(last.content) : ''
  const named = functions.find((t) => mentions(prompt, t.name))
  const scripted = rules.find((r) => functions.some((t) => t.name === r.tool) && new RegExp(r.match, r.flags).test(prompt))
  let tool: (TaskTool & { name: string }) | undefined
  if (choice === 'tool') tool = functions.find((t) => t.name === task.toolChoice?.name)
  else if (choice === 'any') tool = named ?? functions.find((t) => t.name === scripted?.tool) ?? pick(rngFor('tool', seed, task.messages), functions)
  else if (last?.role === 'user') tool = named ?? functions.find((t) => t.name === scripted?.tool)
  if (!tool) return undefined
  return [{ id: `call_${hashOf([seed, task.messages, tool.name], 24)}`, name: tool.name, input: argumentsFor(tool, prompt, seed, task, rules) }]
}

/** The prompt names the tool: `get_weather`, or its words `get weather`, ignoring case. */
function mentions(prompt: string, name: string): boolean {
  const text = prompt.toLowerCase()
  return text.includes(name.toLowerCase()) || text.includes(name.toLowerCase().replace(/[_-]+/g, ' '))
}

function argumentsFor(tool: TaskTool & { name: string }, prompt: string, seed: number, task: TextTask, rules: readonly ToolCallRule[]): Record<string, unknown> {
  const generated = valueFromSchema(tool.schema ?? { type: 'object' }, rngFor('tool-args', seed, task.messages, tool.name))
  const base = generated !== null && typeof generated === 'object' && !Array.isArray(generated) ? (generated as Record<string, unknown>) : {}
  for (const rule of rules) {
    if (rule.tool !== tool.name) continue
    const m = new RegExp(rule.match, rule.flags).exec(prompt)
    if (m) return { ...base, ...substitute(rule.arguments, m) }
  }
  return base
}

/** `$1`..`$9` in string values replaced by the capture groups (trimmed). */
function substitute(value: Record<string, unknown>, m: RegExpExecArray): Record<string, unknown> {
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/\$([1-9])/g, (_, i: string) => (m[Number(i)] ?? '').trim())
    if (Array.isArray(v)) return v.map(swap)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]))
    return v
  }
  return swap(value) as Record<string, unknown>
}
