import type { JudgeRecord, ToolCall, Usage } from '../core/index.js'
import type { AssertionType, ResolvedAssertion } from '../config/index.js'

/** What a grader knows of a sample besides its text (behaviour assertions read these). */
export interface SampleFacts {
  finishReason?: string
  usage?: Usage
  /** USD of the system under test (0 for a cached sample; see `savedCostUsd`). */
  costUsd?: number
  /** What a cached sample originally cost. */
  savedCostUsd?: number
  latencyMs?: number
  /** The output came from the response cache: its latency was not measured now. */
  cached?: boolean
  toolCalls?: ToolCall[]
}

/** What a grader sees of a sample. */
export interface GradeContext extends SampleFacts {
  output: string
  /** The case vars. */
  vars: Record<string, unknown>
  /** Renders a handlebars template over the case vars (and `extra` vars, e.g. a rubric's `output`). */
  render: (template: string, extra?: Record<string, unknown>) => string
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
  /** Shown after the reason whether the grade passes or not (e.g. the judge's own words). */
  note?: string
  /** Set by model-graded assertions. */
  judge?: JudgeRecord
  /** The assertion could not be measured on this sample: recorded as failing, with weight 0 (not counted). */
  uncounted?: boolean
}

/** Grades one assertion of one type. May throw; the caller turns that into a failing grade. */
export type GraderFn<A> = (assertion: A, ctx: GradeContext) => Verdict | Promise<Verdict>

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
