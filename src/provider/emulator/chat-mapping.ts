/**
 * OpenAI Chat Completions request → native textInference task, for the emulator's
 * compatible endpoint. Unknown OpenAI parameters (temperature, top_p, …) are ignored.
 */
import { isRecord } from './errors.js'

interface MappingError {
  message: string
  param: string
}

export function toNativeTask(body: Record<string, unknown>, taskUUID: string): { task?: Record<string, unknown>; error?: MappingError } {
  if (!Array.isArray(body.messages)) return { error: { message: 'messages must be an array', param: 'messages' } }
  const system: string[] = []
  const messages: unknown[] = []
  for (const [i, m] of body.messages.entries()) {
    if (!isRecord(m)) return { error: { message: `messages[${i}] must be an object`, param: `messages[${i}]` } }
    const mapped = mapMessage(m, i, system)
    if (mapped.error) return { error: mapped.error }
    if (mapped.value !== undefined) messages.push(mapped.value)
  }
  const settings: Record<string, unknown> = {}
  if (system.length > 0) settings.systemPrompt = system.join('\n\n')
  const maxTokens = body.max_completion_tokens ?? body.max_tokens
  if (maxTokens !== undefined && maxTokens !== null) settings.maxTokens = maxTokens
  if (body.reasoning_effort !== undefined) settings.thinkingLevel = body.reasoning_effort
  const task: Record<string, unknown> = {
    taskType: 'textInference', taskUUID, model: body.model, deliveryMethod: 'sync', messages, includeCost: true, includeUsage: true,
  }
  if (Object.keys(settings).length > 0) task.settings = settings
  if (body.n !== undefined && body.n !== null) task.numberResults = body.n
  if (body.seed !== undefined && body.seed !== null) task.seed = body.seed
  Object.assign(task, responseFormat(body.response_format))
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    task.tools = body.tools.map((t) => {
      const fn = isRecord(t) && isRecord(t.function) ? t.function : {}
      return { type: 'function', name: fn.name, ...(fn.description !== undefined ? { description: fn.description } : {}), schema: fn.parameters ?? { type: 'object' } }
    })
    const choice = toolChoice(body.tool_choice)
    if (choice) task.toolChoice = choice
  }
  return { task }
}

function mapMessage(m: Record<string, unknown>, i: number, system: string[]): { value?: unknown; error?: MappingError } {
  const content = m.content ?? ''
  switch (m.role) {
    case 'system':
    case 'developer':
      system.push(typeof content === 'string' ? content : textOf(content))
      return {}
    case 'assistant': {
      if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) return { value: { role: 'assistant', content: typeof content === 'string' ? content : textOf(content) } }
      const tools = []
      for (const call of m.tool_calls) {
        const fn = isRecord(call) && isRecord(call.function) ? call.function : {}
        let input: unknown
        try {
          input = JSON.parse(typeof fn.arguments === 'string' && fn.arguments !== '' ? fn.arguments : '{}')
        } catch {
          return { error: { message: `messages[${i}].tool_calls: arguments must be a JSON string`, param: `messages[${i}].tool_calls` } }
        }
        tools.push({ id: isRecord(call) ? call.id : undefined, name: fn.name, input })
      }
      return { value: { role: 'assistant', ...(content ? { content } : {}), tools } }
    }
    case 'tool':
      return { value: { role: 'tool', id: m.tool_call_id, content: typeof content === 'string' ? content : textOf(content) } }
    default:
      return { value: { role: m.role, content } }
  }
}

function textOf(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('') : ''
}

function responseFormat(format: unknown): Record<string, unknown> {
  if (!isRecord(format)) return {}
  if (format.type === 'json_object') return { outputFormat: 'JSON' }
  if (format.type === 'json_schema' && isRecord(format.json_schema)) return { outputFormat: 'JSON', jsonSchema: format.json_schema }
  return {}
}

function toolChoice(choice: unknown): Record<string, unknown> | undefined {
  if (choice === 'auto' || choice === 'none') return { type: choice }
  if (choice === 'required') return { type: 'any' }
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string') return { type: 'tool', name: choice.function.name }
  return undefined
}
