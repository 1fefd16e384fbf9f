import type { ToolCall } from '../core/index.js'
import { clip } from './format.js'
import { formatSchemaErrors, type SchemaCompiler } from './json.js'
import type { AssertionOf, GradeContext, GraderFn } from './types.js'

/**
 * tool-call: a named tool was (or, with `called: false`, was not) called. With `arguments`,
 * a call matches only when every listed key equals the expected value (string values are
 * templates; a rendered string also equals a number or boolean with the same text, since
 * CSV vars are strings). With `schema`, its arguments must be valid against the schema.
 */

type Assertion = AssertionOf<'tool-call'>

export function createToolCallGrader(compile: SchemaCompiler): GraderFn<Assertion> {
  return (assertion, ctx) => {
    const expectedArgs = assertion.arguments === undefined ? undefined : renderDeep(assertion.arguments, ctx) as Record<string, unknown>
    const check = (call: ToolCall): string | undefined => mismatch(call, expectedArgs, assertion.schema, compile)
    const calls = (ctx.toolCalls ?? []).filter((c) => c.name === assertion.name)
    const problems = calls.map(check)
    const matching = problems.filter((p) => p === undefined).length
    const expected = describeCall(assertion.called, assertion.name, expectedArgs, assertion.schema !== undefined)
    const pass = assertion.called ? matching > 0 : matching === 0
    return { pass, expected, found: describeFound(ctx, calls, problems, assertion.name) }
  }
}

function describeCall(called: boolean, name: string, args: Record<string, unknown> | undefined, schema: boolean): string {
  const parts = [`${called ? 'a' : 'no'} call of ${name}`]
  if (args) parts.push(`with ${clip(JSON.stringify(args), 80)}`)
  if (schema) parts.push('with arguments valid against the schema')
  return parts.join(' ')
}

function describeFound(ctx: GradeContext, calls: ToolCall[], problems: Array<string | undefined>, name: string): string {
  if (calls.length === 0) {
    const others = (ctx.toolCalls ?? []).map((c) => c.name)
    return others.length ? `no call of ${name} (called: ${others.join(', ')})` : 'no tool calls'
  }
  const listed = calls.slice(0, 3).map((c, i) => `${name}(${clip(JSON.stringify(c.arguments), 60)})${problems[i] ? `: ${problems[i]}` : ''}`)
  return listed.join('; ') + (calls.length > 3 ? ` (+${calls.length - 3} more)` : '')
}

/** Why a call does not match, or undefined when it does. */
function mismatch(call: ToolCall, expected: Record<string, unknown> | undefined, schema: Record<string, unknown> | undefined, compile: SchemaCompiler): string | undefined {
  const args: Record<string, unknown> = call.arguments ?? {}
  for (const [key, want] of Object.entries(expected ?? {})) {
    if (!(key in args)) return `${key} missing`
    if (!sameValue(want, args[key])) return `${key} is ${clip(JSON.stringify(args[key]), 40)}, expected ${clip(JSON.stringify(want), 40)}`
  }
  if (schema) {
    const validate = compile(schema)
    if (!validate(args)) return `arguments ${formatSchemaErrors(validate.errors ?? [])}`
  }
  return undefined
}

/** Deep equality where a string also equals a number or boolean of the same text. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) return String(actual) === expected
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(e, actual[i]))
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return false
    const keys = Object.keys(expected)
    return keys.length === Object.keys(actual).length && keys.every((k) => k in actual && sameValue(expected[k], actual[k]))
  }
  return Object.is(expected, actual)
}

function renderDeep(value: unknown, ctx: GradeContext): unknown {
  if (typeof value === 'string') return ctx.render(value)
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, ctx))
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, ctx)]))
  return value
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
