import type { z } from 'zod'
import type { PathSegment } from '../core/index.js'

/**
 * Introspection of zod schemas: which keys an object accepts at a given path, so an
 * unknown key can be answered with "did you mean". Unions contribute the keys of all
 * their options.
 */

interface Def {
  type: string
  innerType?: z.ZodType
  in?: z.ZodType
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  options?: z.ZodType[]
  valueType?: z.ZodType
  getter?: () => z.ZodType
  format?: string
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

/** The schemas a value may be checked against, wrappers and unions removed. */
function expand(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return []
  const def = defOf(schema)
  if (WRAPPERS.has(def.type) && def.innerType) return expand(def.innerType, depth + 1)
  if (def.type === 'pipe' && def.in) return expand(def.in, depth + 1)
  if (def.type === 'lazy' && def.getter) return expand(def.getter(), depth + 1)
  if (def.type === 'union' && def.options) return def.options.flatMap((o) => expand(o, depth + 1))
  return [schema]
}

function child(schema: z.ZodType, seg: PathSegment): z.ZodType[] {
  const def = defOf(schema)
  if (def.type === 'object' && def.shape && typeof seg === 'string') {
    const next = def.shape[seg]
    return next ? [next] : []
  }
  if (def.type === 'array' && def.element && typeof seg === 'number') return [def.element]
  if (def.type === 'record' && def.valueType) return [def.valueType]
  return []
}

function schemasAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType[] {
  let current = expand(schema)
  for (const seg of path) current = current.flatMap((s) => child(s, seg)).flatMap((s) => expand(s))
  return current
}

/** True when every number accepted at `path` must be an integer (so messages can say so). */
export function integerAt(schema: z.ZodType, path: readonly PathSegment[]): boolean {
  const numbers = schemasAt(schema, path).map(defOf).filter((d) => d.type === 'number')
  return numbers.length > 0 && numbers.every((d) => d.format !== undefined && /int/.test(d.format))
}

/** Keys accepted by the object(s) found at `path` inside `schema`. */
export function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const current = schemasAt(schema, path)
  const keys = new Set<string>()
  for (const s of current) {
    const def = defOf(s)
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k)
  }
  return [...keys]
}
