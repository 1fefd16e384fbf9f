import { LineCounter, parseDocument, isMap, isScalar, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import type { Issue } from './errors.js'

/**
 * YAML parsed with source positions, so that every problem found later (by zod or by
 * cross-field rules) can be reported as `file:line:col  key.path  message`.
 */
export interface YamlSource {
  file: string
  doc: Document.Parsed
  lines: LineCounter
}

export type PathSegment = string | number

/** Parse YAML text; syntax errors come back as issues, never thrown. */
export function parseYamlSource(file: string, text: string): { source: YamlSource; issues: Issue[] } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const source = { file, doc, lines }
  const issues: Issue[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0])
    return { file, line: pos.line, col: pos.col, path: '', message: `YAML syntax: ${firstLine(e.message)}` }
  })
  return { source, issues }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text
}

/** Dotted display form of a key path: `cases[2].assert[0].value`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = ''
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg
  return out
}

/** Locate a key path in the document (the value node, or the key itself with `key: true`). */
export function locate(source: YamlSource, path: readonly PathSegment[], key?: string): { line?: number; col?: number } {
  let node: unknown = source.doc.contents
  let best: Node | undefined = node as Node | undefined
  const segments = key === undefined ? path : [...path, key]
  for (const [i, seg] of segments.entries()) {
    if (!node || typeof node !== 'object' || !('items' in node)) break
    const coll = node as { items: unknown[] }
    if (isMap(coll)) {
      const pair = coll.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))
      if (!pair) break
      const wantKey = key !== undefined && i === segments.length - 1
      node = wantKey ? pair.key : pair.value
      best = (node as Node | null) ?? (pair.key as Node)
    } else {
      node = coll.items[Number(seg)]
      if (node) best = node as Node
    }
  }
  const offset = best?.range?.[0]
  if (offset === undefined) return {}
  return source.lines.linePos(offset)
}

/** An issue at a key path of a YAML source. */
export function issueAt(source: YamlSource, path: readonly PathSegment[], message: string, key?: string): Issue {
  const pos = locate(source, path, key)
  const fullPath = key === undefined ? path : [...path, key]
  return { file: source.file, line: pos.line, col: pos.col, path: formatPath(fullPath), message }
}

/** Validate the document against a zod schema; every problem as a located issue. */
export function validateYaml<S extends z.ZodType>(
  source: YamlSource,
  schema: S,
  knownKeys?: (path: readonly PathSegment[]) => string[],
): { value?: z.output<S>; issues: Issue[] } {
  const data: unknown = source.doc.toJS() ?? {}
  const result = schema.safeParse(data)
  if (result.success) return { value: result.data, issues: [] }
  const issues: Issue[] = []
  for (const zi of result.error.issues) {
    const path = zi.path.filter((p): p is PathSegment => typeof p !== 'symbol')
    if (zi.code === 'unrecognized_keys') {
      for (const k of zi.keys) {
        const hint = didYouMean(k, knownKeys?.(path) ?? [])
        issues.push(issueAt(source, path, `unknown key "${k}"${hint ? `; did you mean "${hint}"?` : ''}`, k))
      }
    } else {
      issues.push(issueAt(source, path, zi.message))
    }
  }
  return { issues }
}

/** The closest candidate by edit distance, when it is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDist = Infinity
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDist) [best, bestDist] = [c, d]
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

/**
 * Levenshtein distance (insertions, deletions, substitutions of one element each). Strings
 * compare by UTF-16 unit; pass `Array.from(text)` to compare by code point.
 */
export function editDistance(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
    }
    prev = cur
  }
  return prev[b.length]!
}
