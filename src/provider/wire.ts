/**
 * The harness's `GenerateRequest` as Runware's native `textInference` task
 * (runware-text-inference.md §2): messages with tool round-trips, tools, toolChoice,
 * `inputs.images`, JSON mode, the delivery method and a webhook URL. No I/O here.
 */
import type { GenerateRequest, Message, ToolSpec } from '../core/index.js'

/** The wire `deliveryMethod` (a webhook task is sent as `async` plus `webhookURL`). */
export type WireDeliveryMethod = 'sync' | 'async' | 'stream'

export interface TaskOptions {
  /** @default 'sync' */
  deliveryMethod?: WireDeliveryMethod
  webhookURL?: string
}

/** The one `textInference` task object of a request body (the body is `[task]`). */
export function buildTextInferenceTask(req: GenerateRequest, taskUUID: string, opts: TaskOptions | WireDeliveryMethod = {}): Record<string, unknown> {
  const { deliveryMethod = 'sync', webhookURL } = typeof opts === 'string' ? { deliveryMethod: opts } : opts
  const task: Record<string, unknown> = {
    taskType: 'textInference',
    taskUUID,
    model: req.model,
    deliveryMethod,
    messages: req.messages.map(wireMessage),
    seed: req.seed,
    numberResults: req.numberResults,
    includeCost: req.includeCost ?? true,
    includeUsage: req.includeUsage ?? true,
  }
  const settings = wireSettings(req)
  if (settings) task.settings = settings
  if (req.outputFormat === 'JSON') {
    task.outputFormat = 'JSON'
    if (req.jsonSchema) task.jsonSchema = req.jsonSchema
  }
  if (req.tools && req.tools.length > 0) {
    task.tools = req.tools.map(wireTool)
    if (req.toolChoice) task.toolChoice = { ...req.toolChoice }
  }
  if (req.images && req.images.length > 0) task.inputs = { images: [...req.images] }
  if (webhookURL !== undefined) task.webhookURL = webhookURL
  return task
}

function wireSettings(req: GenerateRequest): Record<string, unknown> | undefined {
  const settings: Record<string, unknown> = {}
  if (req.settings.systemPrompt !== undefined) settings.systemPrompt = req.settings.systemPrompt
  if (req.settings.maxTokens !== undefined) settings.maxTokens = req.settings.maxTokens
  if (req.settings.thinkingLevel !== undefined) settings.thinkingLevel = req.settings.thinkingLevel
  return Object.keys(settings).length > 0 ? settings : undefined
}

/**
 * Plain messages as `{role, content}`; an assistant tool call as `{role, tools: [{id, name,
 * input}]}` (content only when not empty); a tool result as `{role: 'tool', id, content}`.
 */
export function wireMessage(m: Message): Record<string, unknown> {
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    const out: Record<string, unknown> = { role: 'assistant' }
    if (m.content !== '') out.content = m.content
    out.tools = m.toolCalls.map((c) => ({ id: c.id, name: c.name, input: c.arguments }))
    return out
  }
  if (m.role === 'tool') return { role: 'tool', id: m.toolCallId ?? '', content: m.content }
  return { role: m.role, content: m.content }
}

function wireTool(tool: ToolSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: tool.type }
  if (tool.name !== undefined) out.name = tool.name
  if (tool.description !== undefined) out.description = tool.description
  if (tool.schema !== undefined) out.schema = tool.schema
  return out
}
