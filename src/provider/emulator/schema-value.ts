/**
 * A value generated from a JSON Schema, valid against it for the common keywords: type,
 * properties, required, enum, const, items, min/max(Items|Length|imum), anyOf/oneOf/allOf
 * (first branch) and local `$ref`s. Used for JSON-mode answers.
 */
import { intBetween, pick, type Rng } from './draw.js'

type Schema = Record<string, unknown>

const WORDS = ['alpha', 'river', 'stone', 'amber', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'iris', 'juniper']
const MAX_DEPTH = 8

export function valueFromSchema(schema: Schema | undefined, rng: Rng): unknown {
  if (!schema) return {}
  return generate(schema, schema, rng, 0)
}

function generate(schema: Schema, root: Schema, rng: Rng, depth: number): unknown {
  const s = resolveRef(schema, root)
  if ('const' in s) return s.const
  if (Array.isArray(s.enum) && s.enum.length > 0) return pick(rng, s.enum)
  const branch = firstBranch(s)
  if (branch) return generate({ ...withoutBranches(s), ...branch }, root, rng, depth)
  switch (typeOf(s)) {
    case 'object':
      return depth >= MAX_DEPTH ? {} : generateObject(s, root, rng, depth)
    case 'array':
      return depth >= MAX_DEPTH ? [] : generateArray(s, root, rng, depth)
    case 'string':
      return generateString(s, rng)
    case 'integer':
      return generateNumber(s, rng, true)
    case 'number':
      return generateNumber(s, rng, false)
    case 'boolean':
      return rng() < 0.5
    case 'null':
      return null
    default:
      return {}
  }
}

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema
  let node: unknown = root
  for (const seg of ref.slice(2).split('/')) {
    node = node && typeof node === 'object' ? (node as Schema)[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  }
  return node && typeof node === 'object' ? (node as Schema) : {}
}

function firstBranch(s: Schema): Schema | undefined {
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = s[key]
    if (Array.isArray(list) && list.length > 0 && list[0] && typeof list[0] === 'object') return list[0] as Schema
  }
  return undefined
}

function withoutBranches(s: Schema): Schema {
  const { allOf: _a, anyOf: _b, oneOf: _c, ...rest } = s
  return rest
}

function typeOf(s: Schema): string | undefined {
  const t = s.type
  if (typeof t === 'string') return t
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? t[0]) as string | undefined
  if (s.properties) return 'object'
  if (s.items) return 'array'
  return undefined
}

function generateObject(s: Schema, root: Schema, rng: Rng, depth: number): Record<string, unknown> {
  const props = (s.properties && typeof s.properties === 'object' ? s.properties : {}) as Record<string, Schema>
  const out: Record<string, unknown> = {}
  // Every declared property is emitted, so `required` (a subset) is always satisfied.
  for (const [key, sub] of Object.entries(props)) out[key] = generate(sub ?? {}, root, rng, depth + 1)
  const required = Array.isArray(s.required) ? (s.required as unknown[]) : []
  for (const key of required) if (typeof key === 'string' && !(key in out)) out[key] = pick(rng, WORDS)
  return out
}

function generateArray(s: Schema, root: Schema, rng: Rng, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 1
  const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 3)
  const length = intBetween(rng, min, Math.max(min, max))
  const items = s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? (s.items as Schema) : {}
  return Array.from({ length }, () => generate(items, root, rng, depth + 1))
}

function generateString(s: Schema, rng: Rng): string {
  const min = typeof s.minLength === 'number' ? s.minLength : 1
  const max = typeof s.maxLength === 'number' ? s.maxLength : Math.max(min, 24)
  let text = pick(rng, WORDS)
  while (text.length < min) text += ` ${pick(rng, WORDS)}`
  return text.slice(0, Math.max(min, Math.min(max, text.length)))
}

function generateNumber(s: Schema, rng: Rng, integer: boolean): number {
  let min = typeof s.minimum === 'number' ? s.minimum : 0
  let max = typeof s.maximum === 'number' ? s.maximum : min + 100
  if (typeof s.exclusiveMinimum === 'number') min = Math.max(min, s.exclusiveMinimum + (integer ? 1 : 1e-6))
  if (typeof s.exclusiveMaximum === 'number') max = Math.min(max, s.exclusiveMaximum - (integer ? 1 : 1e-6))
  if (integer) return intBetween(rng, Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max)))
  const value = Math.round((min + rng() * (max - min)) * 100) / 100
  return Math.min(max, Math.max(min, value))
}
