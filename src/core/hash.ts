import * as crypto from 'node:crypto'

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
  return sha256Hex(text).slice(0, length)
}

/** `crypto.hash` (Node 20.12+) is several times faster than a Hash object for short texts. */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined

/** Hex sha256 of a text. */
export function sha256Hex(text: string): string {
  return oneShotHash ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex')
}
