/** Short, single-line previews of text for grade reasons. */

export const PREVIEW_LENGTH = 120

/** The text quoted as JSON (so newlines stay on one line), cut to `max` characters. */
export function preview(text: string, max = PREVIEW_LENGTH): string {
  const chars = Array.from(text)
  return chars.length <= max ? JSON.stringify(text) : `${JSON.stringify(chars.slice(0, max).join(''))}…`
}

/** A message cut to `max` characters. */
export function clip(message: string, max = PREVIEW_LENGTH): string {
  const chars = Array.from(message.replace(/\s+/g, ' ').trim())
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
