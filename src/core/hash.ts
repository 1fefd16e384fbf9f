import { createHash } from 'node:crypto'

/** JSON with object keys sorted, so equal values always hash equally. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  return value
}

/** Hex sha256 of the stable JSON of a value (or of a string as is). */
export function hashOf(value: unknown, length = 64): string {
  const text = typeof value === 'string' ? value : stableStringify(value)
  return createHash('sha256').update(text).digest('hex').slice(0, length)
}
