import { Checker, describeValue, isRecord } from './errors.js'

/** Messages of a validated task: `role` checked, `content` a string or content parts. */
export type TaskMessage = Record<string, unknown> & { role: 'user' | 'assistant' | 'tool' }

const ROLES = ['user', 'assistant', 'tool'] as const
export const MAX_MESSAGES = 1000

/** `messages`: 1..1000 objects with a known role; the last from `user` or `tool`. */
export function checkMessages(c: Checker, value: unknown): TaskMessage[] | undefined {
  if (value === undefined) {
    c.fail('missingMessages', 'messages', 'messages is required: an array of {role, content} objects')
    return undefined
  }
  if (!Array.isArray(value)) {
    c.fail('invalidMessages', 'messages', `messages must be an array, got ${describeValue(value)}`, { type: 'array' })
    return undefined
  }
  if (value.length < 1) {
    c.fail('arrayTooSmall', 'messages', 'messages must hold at least 1 item, got 0', { type: 'array', min: 1 })
    return undefined
  }
  if (value.length > MAX_MESSAGES) {
    c.fail('arrayTooLarge', 'messages', `messages may hold at most ${MAX_MESSAGES} items, got ${value.length}`, { type: 'array', max: MAX_MESSAGES })
    return undefined
  }
  const before = c.errors.length
  value.forEach((m, i) => checkMessage(c, m, `messages[${i}]`))
  if (c.errors.length > before) return undefined
  const messages = value as TaskMessage[]
  const last = messages[messages.length - 1]!
  if (last.role !== 'user' && last.role !== 'tool') {
    const parameter = `messages[${messages.length - 1}].role`
    c.fail('invalidMessages', parameter, `the last message must come from user or tool, got ${last.role}`, { allowedValues: ['user', 'tool'] })
    return undefined
  }
  return messages
}

function checkMessage(c: Checker, m: unknown, at: string): void {
  if (!isRecord(m)) {
    c.fail('invalidMessages', at, `${at} must be an object {role, content}, got ${describeValue(m)}`, { type: 'object' })
    return
  }
  if (!ROLES.includes(m.role as (typeof ROLES)[number])) {
    c.fail('invalidMessages', `${at}.role`, `${at}.role must be one of ${ROLES.join(', ')}, got ${describeValue(m.role)}`, {
      allowedValues: ROLES,
    })
    return
  }
  const toolCalls = m.role === 'assistant' && Array.isArray(m.tools)
  if (!(toolCalls && m.content === undefined) && !isContent(m.content)) {
    const message = `${at}.content must be a string or an array of content parts, got ${describeValue(m.content)}`
    c.fail('invalidMessages', `${at}.content`, message)
  }
  if (m.role === 'tool' && (typeof m.id !== 'string' || m.id === '')) {
    c.fail('invalidMessages', `${at}.id`, `${at}.id is required on tool messages: the id of the tool call answered`)
  }
}

function isContent(content: unknown): boolean {
  if (typeof content === 'string') return true
  return Array.isArray(content) && content.every((part) => isRecord(part) && typeof part.type === 'string')
}

/** The text of a message content (text parts joined for content-part arrays). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
    .filter((t) => t !== '')
    .join('\n')
}

/** `inputs`: an object whose optional `images` is a non-empty array of non-empty strings. Returns the image count. */
export function checkInputs(c: Checker, value: unknown): number | undefined {
  if (value === undefined) return 0
  if (!isRecord(value)) {
    c.fail('invalidInputs', 'inputs', `inputs must be an object, got ${describeValue(value)}`, { type: 'object' })
    return undefined
  }
  const images = value.images
  if (images === undefined) return 0
  if (!Array.isArray(images)) {
    c.fail('invalidInputs', 'inputs.images', `inputs.images must be an array, got ${describeValue(images)}`, { type: 'array' })
    return undefined
  }
  if (images.length < 1) {
    c.fail('arrayTooSmall', 'inputs.images', 'inputs.images must hold at least 1 item, got 0', { type: 'array', min: 1 })
    return undefined
  }
  const bad = images.findIndex((img) => typeof img !== 'string' || img === '')
  if (bad >= 0) {
    c.fail('invalidInputs', `inputs.images[${bad}]`, `inputs.images[${bad}] must be a non-empty string (UUID, URL, data URI or base64)`)
    return undefined
  }
  return images.length
}
