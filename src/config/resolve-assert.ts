import fs from 'node:fs'
import type { Issue, PathSegment } from '../core/index.js'
import type { AssertionSpec, ResolvedAssertion } from './assertions.js'
import { loadStructured, resolveInside, unwrapEnvelope, type SchemaChecker } from './files.js'
import { inlineCodeError } from './inline-code.js'
import { isTemplate } from './template.js'
import { isPlainObject, type Locator } from './validate.js'

/**
 * Assertions at load time: static regexes must compile, json-schema values are read from
 * their files (relative to the file that holds the assertion) and must compile with ajv.
 * The resolved value is always a bare schema object, so graders never touch the disk.
 */

export interface AssertContext {
  root: string
  schemas: SchemaChecker
  /** Schema files already read during this load, by absolute path. */
  schemaFiles: Map<string, { value?: Record<string, unknown>; error?: string }>
  /** Absolute paths of every data file referenced (datasets, schemas): never suites. */
  referenced: Set<string>
  issues: Issue[]
}

export function resolveAssertions(
  specs: readonly AssertionSpec[],
  at: Locator,
  path: readonly PathSegment[],
  baseDir: string,
  ctx: AssertContext,
): ResolvedAssertion[] {
  const out: ResolvedAssertion[] = []
  for (const [i, spec] of specs.entries()) {
    const where = [...path, i, 'value']
    if (spec.type === 'json-schema') {
      const value = resolveSchemaValue(spec.value, baseDir, ctx)
      if (value.error) ctx.issues.push(at(where, value.error))
      out.push({ ...spec, value: value.schema ?? {} })
      continue
    }
    if (spec.type === 'tool-call' || spec.type === 'javascript') {
      out.push(resolveBehaviour(spec, (key, message) => ctx.issues.push(at([...path, i, key], message)), baseDir, ctx))
      continue
    }
    if ((spec.type === 'regex' || spec.type === 'not-regex') && !isTemplate(spec.value)) {
      const error = regexError(spec.value, spec.flags)
      if (error) ctx.issues.push(at(where, error))
    }
    out.push(spec)
  }
  return out
}

type BehaviourSpec = Extract<AssertionSpec, { type: 'tool-call' | 'javascript' }>

/** tool-call: its schema read like json-schema's; javascript: inline code compiles, a file exists. */
function resolveBehaviour(
  spec: BehaviourSpec,
  report: (key: string, message: string) => void,
  baseDir: string,
  ctx: AssertContext,
): ResolvedAssertion {
  if (spec.type === 'tool-call') {
    const { schema, ...rest } = spec
    if (schema === undefined) return rest
    const value = resolveSchemaValue(schema, baseDir, ctx)
    if (value.error) report('schema', value.error)
    return { ...rest, schema: value.schema ?? {} }
  }
  if (spec.value !== undefined) {
    const error = inlineCodeError(spec.value)
    if (error) report('value', error)
    return spec
  }
  const resolved = resolveInside(ctx.root, baseDir, spec.file!)
  if (!resolved.ref) {
    report('file', resolved.error ?? 'bad path')
    return spec
  }
  if (!fs.existsSync(resolved.ref.abs)) report('file', `file not found: ${resolved.ref.rel}; expected a JavaScript module`)
  return { ...spec, file: resolved.ref.rel }
}

/** Why `new RegExp(pattern, flags)` fails, or undefined when it compiles. */
export function regexError(pattern: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(pattern, flags)
    return undefined
  } catch (err) {
    return `invalid regex /${pattern}/${flags ?? ''}: ${err instanceof Error ? err.message : String(err)}`
  }
}

function resolveSchemaValue(
  value: string | Record<string, unknown>,
  baseDir: string,
  ctx: AssertContext,
): { schema?: Record<string, unknown>; error?: string } {
  if (typeof value !== 'string') {
    const schema = unwrapEnvelope(value)
    const error = ctx.schemas.check(schema)
    return error ? { error } : { schema: schema as Record<string, unknown> }
  }
  return loadSchemaFile(value, baseDir, ctx)
}

/**
 * Read and check a schema file once per load. Issues inside the file are reported once
 * (located in the file); the referencing key gets the file-level error, if any.
 */
export function loadSchemaFile(
  p: string,
  baseDir: string,
  ctx: AssertContext,
): { schema?: Record<string, unknown>; raw?: Record<string, unknown>; error?: string } {
  const resolved = resolveInside(ctx.root, baseDir, p)
  if (!resolved.ref) return { error: resolved.error }
  ctx.referenced.add(resolved.ref.abs)
  const cached = ctx.schemaFiles.get(resolved.ref.abs)
  const entry = cached ?? readSchemaFile(resolved.ref, ctx)
  if (!cached) ctx.schemaFiles.set(resolved.ref.abs, entry)
  if (!entry.value) return { error: entry.error }
  const schema = unwrapEnvelope(entry.value) as Record<string, unknown>
  const error = ctx.schemas.check(schema)
  return error ? { error: `${resolved.ref.rel}: ${error}` } : { schema, raw: entry.value }
}

function readSchemaFile(ref: { abs: string; rel: string }, ctx: AssertContext): { value?: Record<string, unknown>; error?: string } {
  const loaded = loadStructured(ref)
  ctx.issues.push(...loaded.issues)
  if (loaded.issues.length) return { error: `schema file ${ref.rel} has errors (reported there)` }
  if (loaded.error) return { error: loaded.error }
  if (!isPlainObject(loaded.value)) return { error: `expected a JSON Schema object in ${ref.rel}` }
  return { value: loaded.value }
}
