import type { ResolvedAssertion } from '../config/index.js'
import { createJsonSchemaGrader, isJson } from './json.js'
import { contains, equals, icontains, regex, startsWith } from './text.js'
import type { AssertionOf, BaseAssertionType, GradeContext, GraderFn, NegatedBaseType, Verdict } from './types.js'

/** Every assertion type with a grader of its own: adding a type to config fails to compile until it has one. */
export type Registry = { [K in BaseAssertionType]: GraderFn<AssertionOf<K>> }

/** Compile-time check that every `not-X` type negates a type of the registry. */
export type NegationsHaveBase<T extends BaseAssertionType = NegatedBaseType> = T

/** A registry with its own stateful graders (the json-schema compile cache). */
export function createRegistry(): Registry {
  return {
    'equals': equals,
    'contains': contains,
    'icontains': icontains,
    'starts-with': startsWith,
    'regex': regex,
    'is-json': isJson,
    'json-schema': createJsonSchemaGrader(),
  }
}

const NOT = 'not-'

/**
 * Grade one assertion. `not-X` runs the grader of X and inverts its verdict:
 * pass flipped, score 1 - score, expectation prefixed with "not".
 */
export function runAssertion(registry: Registry, assertion: ResolvedAssertion, ctx: GradeContext): Verdict {
  const negated = assertion.type.startsWith(NOT)
  const baseType = (negated ? assertion.type.slice(NOT.length) : assertion.type) as BaseAssertionType
  const grader = registry[baseType] as GraderFn<ResolvedAssertion> | undefined
  if (!grader) throw new Error(`unknown assertion type "${assertion.type}"`)
  const verdict = grader({ ...assertion, type: baseType } as ResolvedAssertion, ctx)
  if (!negated) return verdict
  const score = verdict.score ?? (verdict.pass ? 1 : 0)
  return { pass: !verdict.pass, score: 1 - score, expected: `not ${verdict.expected}`, found: verdict.found }
}
