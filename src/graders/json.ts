import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import type { Ajv2020 } from 'ajv/dist/2020.js'
import { lazyRequire, stableStringify } from '../core/index.js'
import { clip, errorMessage, preview } from './format.js'
import type { AssertionOf, GraderFn } from './types.js'

/** JSON assertions: is-json (strict parse after trimming) and json-schema (ajv). */

type Parsed = { ok: true; value: unknown } | { ok: false; error: string }

export function parseJson(output: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(output.trim()) as unknown }
  } catch (error) {
    return { ok: false, error: clip(errorMessage(error), 80) }
  }
}

export const isJson: GraderFn<AssertionOf<'is-json'>> = (_assertion, ctx) => {
  const parsed = parseJson(ctx.output)
  return parsed.ok
    ? { pass: true, expected: 'valid JSON', found: 'valid JSON' }
    : { pass: false, expected: 'valid JSON', found: `${parsed.error} in ${preview(ctx.output, 60)}` }
}

const MAX_LISTED_ERRORS = 3

export function formatSchemaErrors(errors: readonly ErrorObject[]): string {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`)
  const more = errors.length > MAX_LISTED_ERRORS ? ` (+${errors.length - MAX_LISTED_ERRORS} more)` : ''
  return listed.join('; ') + more
}

/** Compiles JSON Schemas to validators, caching by schema object and by content. */
export type SchemaCompiler = (schema: Record<string, unknown>) => ValidateFunction

/**
 * A compiler owning its Ajv instance and compile cache: by schema object first, then by
 * content (the same schema loaded twice compiles once, and a `$id` is never added twice).
 * Schemas declaring draft 2020-12 in `$schema` get a 2020 instance, created on first use.
 */
export function createSchemaCompiler(): SchemaCompiler {
  const options = { allErrors: true, strict: false, logger: false } as const
  // Ajv is loaded and made on the first schema, not at start-up (see lazyRequire).
  let ajv: Ajv | undefined
  let ajv2020: Ajv2020 | undefined
  const byObject = new WeakMap<object, ValidateFunction>()
  const byContent = new Map<string, ValidateFunction>()
  return (schema) => {
    const cached = byObject.get(schema)
    if (cached) return cached
    const content = stableStringify(schema)
    let validate = byContent.get(content)
    if (!validate) {
      const is2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12')
      validate = is2020
        ? (ajv2020 ??= new (lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js').Ajv2020)(options)).compile(schema)
        : (ajv ??= new (lazyRequire<typeof import('ajv')>('ajv').Ajv)(options)).compile(schema)
      byContent.set(content, validate)
    }
    byObject.set(schema, validate)
    return validate
  }
}

/** The json-schema grader over a (shared) schema compiler. */
export function createJsonSchemaGrader(compile: SchemaCompiler = createSchemaCompiler()): GraderFn<AssertionOf<'json-schema'>> {
  return (assertion, ctx) => {
    const expected = 'JSON matching the schema'
    const validate = compile(assertion.value)
    const parsed = parseJson(ctx.output)
    if (!parsed.ok) return { pass: false, expected, found: `invalid JSON: ${parsed.error}` }
    if (validate(parsed.value)) return { pass: true, expected, found: 'a matching value' }
    return { pass: false, expected, found: formatSchemaErrors(validate.errors ?? []) }
  }
}
