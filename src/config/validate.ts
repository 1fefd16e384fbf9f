import type { z } from 'zod'
import { didYouMean, formatPath, issueAt, type Issue, type PathSegment, type YamlSource } from '../core/index.js'
import { integerAt, keysAt } from './zod-keys.js'

/**
 * Zod validation with located, readable issues. Like core's `validateYaml`, plus: union
 * failures are narrowed to the branch the user evidently meant (instead of "Invalid input"),
 * messages say what was found, and the location comes from a `Locator` so dataset rows
 * (CSV/JSONL lines) are reported the same way as YAML nodes.
 */

/** Turns a key path (relative to some base) into a located issue. */
export type Locator = (path: readonly PathSegment[], message: string, key?: string) => Issue

export function sourceLocator(source: YamlSource, base: readonly PathSegment[] = []): Locator {
  return (path, message, key) => issueAt(source, [...base, ...path], message, key)
}

/** For line-oriented files (CSV, JSONL): every issue of the row points at its line. */
export function lineLocator(file: string, line: number): Locator {
  return (path, message, key) => ({
    file, line, col: 1, path: formatPath(key === undefined ? path : [...path, key]), message,
  })
}

export function validateSource<S extends z.ZodType>(source: YamlSource, schema: S): { value?: z.output<S>; issues: Issue[] } {
  return validateValue(source.doc.toJS() ?? {}, schema, sourceLocator(source))
}

export function validateValue<S extends z.ZodType>(data: unknown, schema: S, at: Locator): { value?: z.output<S>; issues: Issue[] } {
  const result = schema.safeParse(data)
  if (result.success) return { value: result.data, issues: [] }
  const issues: Issue[] = []
  const ctx = { data, schema, at, issues }
  for (const zi of result.error.issues) mapIssue(zi as RawIssue, [], ctx)
  return { issues }
}

interface RawIssue {
  code: string
  path: PropertyKey[]
  message: string
  keys?: string[]
  errors?: RawIssue[][]
  discriminator?: string
  options?: unknown[]
  values?: unknown[]
  expected?: string
}

interface MapContext { data: unknown; schema: z.ZodType; at: Locator; issues: Issue[] }

function mapIssue(zi: RawIssue, prefix: readonly PathSegment[], ctx: MapContext): void {
  const path = [...prefix, ...zi.path.filter((p): p is PathSegment => typeof p !== 'symbol')]
  const found = valueAt(ctx.data, path)
  if (zi.code === 'unrecognized_keys') {
    for (const k of zi.keys ?? []) {
      const hint = didYouMean(k, keysAt(ctx.schema, path))
      ctx.issues.push(ctx.at(path, `unknown key "${k}"${hint ? `; did you mean "${hint}"?` : ''}`, k))
    }
  } else if (zi.code === 'invalid_union') {
    mapUnion(zi, path, found, ctx)
  } else if (zi.code === 'invalid_type') {
    const expected = typeName(zi.expected === 'number' && integerAt(ctx.schema, path) ? 'int' : zi.expected)
    ctx.issues.push(ctx.at(path, found === undefined
      ? `missing required key; expected ${expected}`
      : `expected ${expected}, found ${describe(found)}`))
  } else if (zi.code === 'invalid_value') {
    const options = (zi.values ?? []).map(String)
    const hint = typeof found === 'string' ? didYouMean(found, options) : undefined
    ctx.issues.push(ctx.at(path, `expected one of ${options.join(', ')}, found ${describe(found)}${hint ? `; did you mean "${hint}"?` : ''}`))
  } else {
    ctx.issues.push(ctx.at(path, `${zi.message}; found ${describe(found)}`))
  }
}

function mapUnion(zi: RawIssue, path: PathSegment[], found: unknown, ctx: MapContext): void {
  if (zi.discriminator) {
    const options = (zi.options ?? []).map(String)
    const hint = typeof found === 'string' ? didYouMean(found, options) : undefined
    const what = found === undefined ? `missing "${zi.discriminator}"` : `unknown ${zi.discriminator} ${describe(found)}`
    ctx.issues.push(ctx.at(path, `${what}; expected one of ${options.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`))
    return
  }
  const branches = zi.errors ?? []
  const viable = branches.filter((b) => !b.every((e) => e.code === 'invalid_type' && e.path.length === 0))
  if (viable.length > 0) {
    const best = viable.reduce((a, b) => (b.length < a.length ? b : a))
    for (const e of best) mapIssue(e, path, ctx)
    return
  }
  const named = (e: string | undefined) => typeName(e === 'number' && integerAt(ctx.schema, path) ? 'int' : e)
  const expected = [...new Set(branches.map((b) => named(b[0]?.expected)))]
  ctx.issues.push(ctx.at(path, found === undefined
    ? `missing required key; expected ${expected.join(' or ')}`
    : `expected ${expected.join(' or ')}, found ${describe(found)}`))
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[seg as string]
  }
  return cur
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false',
  object: 'a mapping', record: 'a mapping', array: 'a list',
}

function typeName(expected: string | undefined): string {
  return (expected && TYPE_NAMES[expected]) ?? expected ?? 'a valid value'
}

/** A short description of a found value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null (empty value)'
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`
  return `${typeof value} ${String(value)}`
}

/**
 * Per-key validation of a mapping: the keys whose values pass their own field schema
 * (raw input values), and the keys that fail or are required but missing. Lets later
 * checks run on the healthy part of a file that has schema errors, so that every
 * problem is reported in one pass.
 */
export function splitValidKeys(data: unknown, shape: Record<string, z.ZodType>): { valid: Record<string, unknown>; broken: Set<string> } {
  const valid: Record<string, unknown> = {}
  const broken = new Set<string>()
  const record = isPlainObject(data) ? data : {}
  for (const [key, schema] of Object.entries(shape)) {
    if (!schema.safeParse(record[key]).success) broken.add(key)
    else if (key in record) valid[key] = record[key]
  }
  return { valid, broken }
}

/** The top-level key of a formatted key path (`cases[2].id` -> `cases`). */
export function topKey(path: string): string {
  return path.split(/[.[]/)[0] ?? ''
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
