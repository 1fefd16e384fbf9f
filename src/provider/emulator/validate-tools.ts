import { Checker, checkEnum, describeValue, isRecord } from './errors.js'

const TOOL_TYPES = ['function', 'search', 'codeInterpreter'] as const
const TOOL_CHOICE_TYPES = ['auto', 'any', 'tool', 'none'] as const
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/

/** A tool of a validated task. */
export interface TaskTool {
  type: (typeof TOOL_TYPES)[number]
  name?: string
  description?: string
  schema?: Record<string, unknown>
}

export interface TaskToolChoice {
  type: (typeof TOOL_CHOICE_TYPES)[number]
  name?: string
}

/** `tools` (root placement) and `toolChoice` (only checked when tools are present). */
export function checkTools(c: Checker, tools: unknown, toolChoice: unknown): { tools?: TaskTool[]; toolChoice?: TaskToolChoice } {
  if (tools === undefined) return {}
  if (!Array.isArray(tools) || tools.length < 1) {
    c.fail('invalidTools', 'tools', `tools must be an array with at least 1 item, got ${describeValue(tools)}`, { type: 'array', min: 1 })
    return {}
  }
  const names = new Set<string>()
  const before = c.errors.length
  tools.forEach((tool, i) => checkTool(c, tool, `tools[${i}]`, names))
  if (toolChoice !== undefined) checkToolChoice(c, toolChoice, names)
  if (c.errors.length > before) return {}
  return { tools: tools as TaskTool[], ...(toolChoice !== undefined ? { toolChoice: toolChoice as TaskToolChoice } : {}) }
}

function checkTool(c: Checker, tool: unknown, at: string, names: Set<string>): void {
  if (!isRecord(tool)) {
    c.fail('invalidTools', at, `${at} must be an object, got ${describeValue(tool)}`, { type: 'object' })
    return
  }
  const type = checkEnum(c, tool.type, TOOL_TYPES, { parameter: `${at}.type`, code: 'invalidTools' })
  if (tool.description !== undefined && typeof tool.description !== 'string') {
    c.fail('invalidTools', `${at}.description`, `${at}.description must be a string, got ${describeValue(tool.description)}`)
  }
  if (type !== 'function') return
  const name = tool.name
  if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
    c.fail('invalidTools', `${at}.name`, `${at}.name must be 1-64 letters, digits, "-" or "_", got ${describeValue(name)}`)
  } else if (names.has(name)) {
    c.fail('invalidTools', `${at}.name`, `${at}.name "${name}" is already used by another tool; names must be unique`)
  } else {
    names.add(name)
  }
  if (!isRecord(tool.schema)) {
    c.fail('invalidTools', `${at}.schema`, `${at}.schema must be a JSON Schema object, got ${describeValue(tool.schema)}`, { type: 'object' })
  }
}

function checkToolChoice(c: Checker, choice: unknown, functionNames: ReadonlySet<string>): void {
  if (!isRecord(choice)) {
    c.fail('invalidToolChoice', 'toolChoice', `toolChoice must be an object {type, name?}, got ${describeValue(choice)}`, { type: 'object' })
    return
  }
  const type = checkEnum(c, choice.type, TOOL_CHOICE_TYPES, { parameter: 'toolChoice.type', code: 'invalidToolChoice' })
  if (type === undefined) return
  if (type !== 'tool') {
    if (choice.name !== undefined) c.fail('invalidToolChoice', 'toolChoice.name', `toolChoice.name is only allowed when type is "tool"`)
    return
  }
  if (choice.name === undefined) {
    c.fail('missingToolChoiceName', 'toolChoice.name', 'toolChoice.name is required when type is "tool"')
  } else if (typeof choice.name !== 'string' || !functionNames.has(choice.name)) {
    const known = [...functionNames].join(', ') || 'none'
    c.fail('invalidToolChoice', 'toolChoice.name', `toolChoice.name must name a function tool (${known}), got ${describeValue(choice.name)}`)
  }
}

/**
 * `jsonSchema`: an object, or a string holding one. An object with a `schema` key is the
 * OpenAI envelope `{name, schema, strict}`; anything else is a bare schema. Returns the bare schema.
 */
export function checkJsonSchema(c: Checker, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  let parsed: unknown = value
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value)
    } catch {
      c.fail('invalidJsonSchema', 'jsonSchema', 'jsonSchema is a string but not valid JSON')
      return undefined
    }
  }
  if (!isRecord(parsed)) {
    c.fail('invalidJsonSchema', 'jsonSchema', `jsonSchema must be an object (or a JSON string of one), got ${describeValue(parsed)}`)
    return undefined
  }
  if (!('schema' in parsed)) return parsed
  if (!isRecord(parsed.schema)) {
    c.fail('invalidJsonSchema', 'jsonSchema.schema', `jsonSchema.schema must be an object, got ${describeValue(parsed.schema)}`)
    return undefined
  }
  if (parsed.name !== undefined && typeof parsed.name !== 'string') {
    c.fail('invalidJsonSchema', 'jsonSchema.name', `jsonSchema.name must be a string, got ${describeValue(parsed.name)}`)
  }
  if (parsed.strict !== undefined && typeof parsed.strict !== 'boolean') {
    c.fail('invalidJsonSchema', 'jsonSchema.strict', `jsonSchema.strict must be a boolean, got ${describeValue(parsed.strict)}`)
  }
  return parsed.schema
}
