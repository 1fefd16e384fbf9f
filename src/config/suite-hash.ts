import crypto from 'node:crypto'
import { stableStringify } from '../core/index.js'
import type { ResolvedSuite } from './types.js'

/**
 * Hash of what a suite asks for; file location and source lines do not count. The same hex
 * digest as `hashOf({ ...body, cases: cases without source })` (core), streamed case by case:
 * the text of a suite with many cases is never held whole, no copy of a case is made, and an
 * assertion shared by every case (a suite-level one) is serialised once.
 */
export function suiteHash(body: Omit<ResolvedSuite, 'hash' | 'file'>): string {
  const hash = crypto.createHash('sha256')
  const record = body as unknown as Record<string, unknown>
  let first = true
  for (const key of Object.keys(record).sort()) {
    const value = record[key]
    if (value === undefined) continue
    hash.update(`${first ? '{' : ','}${JSON.stringify(key)}:`)
    first = false
    if (key === 'cases') updateCases(hash, body.cases)
    else hash.update(stableStringify(value))
  }
  hash.update(first ? '{}' : '}')
  return hash.digest('hex')
}

const CHUNK = 1 << 16

function updateCases(hash: crypto.Hash, cases: ResolvedSuite['cases']): void {
  const assertionText = new Map<object, string>()
  let text = '['
  for (let i = 0; i < cases.length; i++) {
    text += (i ? ',' : '') + caseText(cases[i] as unknown as Record<string, unknown>, assertionText)
    if (text.length >= CHUNK) {
      hash.update(text)
      text = ''
    }
  }
  hash.update(`${text}]`)
}

/** `stableStringify` of a resolved case without its `source`. */
function caseText(c: Record<string, unknown>, assertionText: Map<object, string>): string {
  let out = '{'
  for (const key of Object.keys(c).sort()) {
    const value = c[key]
    if (key === 'source') continue
    const text: string | undefined = typeof value !== 'object' || value === null ? JSON.stringify(value)
      : key === 'assert' && Array.isArray(value) ? listText(value, assertionText) : stableStringify(value)
    if (text === undefined) continue
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`
  }
  return `${out}}`
}

function listText(items: readonly unknown[], memo: Map<object, string>): string {
  let out = '['
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    let text = typeof item === 'object' && item !== null ? memo.get(item) : undefined
    if (text === undefined) {
      text = stableStringify(item) ?? 'null'
      if (typeof item === 'object' && item !== null) memo.set(item, text)
    }
    out += (i ? ',' : '') + text
  }
  return `${out}]`
}
