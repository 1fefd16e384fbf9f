import type { AssertionType, ResolvedAssertion } from '../config/index.js'

/** What a grader sees of a sample. */
export interface GradeContext {
  output: string
  /** The case vars. */
  vars: Record<string, unknown>
  /** Renders a handlebars template over the case vars (assertion values are templates). */
  render: (template: string) => string
}

/**
 * A grader's finding, before negation and weighting. `expected` is the predicate checked
 * (e.g. `contains "Paris"`), `found` what the output showed; both short, one line.
 */
export interface Verdict {
  pass: boolean
  /** 0..1; defaults to 1 when passing and 0 when failing. */
  score?: number
  expected: string
  found: string
}

/** Grades one assertion of one type. May throw; the caller turns that into a failing grade. */
export type GraderFn<A> = (assertion: A, ctx: GradeContext) => Verdict

/** Types handled by a grader of their own; `not-X` types reuse the grader of `X`. */
export type BaseAssertionType = Exclude<AssertionType, `not-${string}`>

/** The base type of every negated type. */
export type NegatedBaseType = AssertionType extends infer T ? (T extends `not-${infer B}` ? B : never) : never

/**
 * The resolved assertion narrowed to type K. (`Extract<ResolvedAssertion, {type: K}>` is `never`
 * for members whose `type` is itself a union, such as the text assertions.)
 */
export type AssertionOf<K extends AssertionType> = ResolvedAssertion extends infer A
  ? A extends { type: infer T } ? (K extends T ? Omit<A, 'type'> & { type: K } : never) : never
  : never
