import type { ResolvedAssertion } from '../config/index.js'
import { cost, finishReason, latency, tokens } from './behaviour.js'
import { createJavascriptGrader } from './javascript.js'
import { createJsonSchemaGrader, createSchemaCompiler, isJson } from './json.js'
import type { Judge } from './judge.js'
import { createRubricGrader } from './llm-rubric.js'
import { similarity } from './similarity.js'
import { contains, equals, icontains, regex, startsWith } from './text.js'
import { createToolCallGrader } from './tool-call.js'
import type { AssertionOf, BaseAssertionType, GradeContext, GraderFn, NegatedBaseType, Verdict } from './types.js'

/** Every assertion type with a grader of its own: adding a type to config fails to compile until it has one. */
export type Registry = { [K in BaseAssertionType]: GraderFn<AssertionOf<K>> }

/** Compile-time check that every `not-X` type negates a type of the registry. */
export type NegationsHaveBase<T extends BaseAssertionType = NegatedBaseType> = T

export interface RegistryOptions {
  /** The judge of llm-rubric assertions; without one they are grader errors. */
  judge?: Judge
  /** The project root, which javascript `file`s are relative to. */
  root?: string
}

/** A registry with its own stateful graders (schema compile cache, javascript modules, judge). */
export function createRegistry(options: RegistryOptions = {}): Registry {
  const compile = createSchemaCompiler()
  return {
    'equals': equals,
    'contains': contains,
    'icontains': icontains,
    'starts-with': startsWith,
    'regex': regex,
    'is-json': isJson,
    'json-schema': createJsonSchemaGrader(compile),
    'llm-rubric': createRubricGrader(options.judge),
    'tool-call': createToolCallGrader(compile),
    'finish-reason': finishReason,
    'cost': cost,
    'latency': latency,
    'tokens': tokens,
    'javascript': createJavascriptGrader(options.root),
    'similarity': similarity,
  }
}

const NOT = 'not-'

/**
 * Grade one assertion. `not-X` runs the grader of X and inverts its verdict:
 * pass flipped, score 1 - score, expectation prefixed with "not".
 */
export async function runAssertion(registry: Registry, assertion: ResolvedAssertion, ctx: GradeContext): Promise<Verdict> {
  const negated = assertion.type.startsWith(NOT)
  const baseType = (negated ? assertion.type.slice(NOT.length) : assertion.type) as BaseAssertionType
  const grader = registry[baseType] as GraderFn<ResolvedAssertion> | undefined
  if (!grader) throw new Error(`unknown assertion type "${assertion.type}"`)
  const verdict = await grader({ ...assertion, type: baseType } as ResolvedAssertion, ctx)
  if (!negated) return verdict
  const score = verdict.score ?? (verdict.pass ? 1 : 0)
  return { ...verdict, pass: !verdict.pass, score: 1 - score, expected: `not ${verdict.expected}` }
}
