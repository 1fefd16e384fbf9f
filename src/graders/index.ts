/**
 * graders: assertion verdicts on one sample's output, one file per assertion family
 * (text, json) behind a typed registry; `not-*` types are negated once, generically.
 * Pure and synchronous; never throws for a bad output. May import core and config.
 */
export { createGrader, scoreSample } from './grade.js'
export type { Grader } from './grade.js'
export type { AssertionOf, BaseAssertionType, GradeContext, GraderFn, Verdict } from './types.js'
export type { Registry } from './registry.js'
