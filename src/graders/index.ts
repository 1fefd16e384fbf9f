/**
 * graders: assertion verdicts on one sample, one file per assertion family (text, json,
 * behaviour, tool-call, javascript, similarity, llm-rubric with its judge) behind a typed
 * registry; `not-*` types are negated once, generically. Async (the judge is a provider
 * call); never throws for a bad output. May import core, config and provider.
 */
export { createGrader, scoreSample } from './grade.js'
export type { Grader, SampleGrading } from './grade.js'
export { JUDGE_SYSTEM_PROMPT, VERDICT_JSON_SCHEMA, judgeRequest, type Judge } from './judge.js'
export { judgePrompt } from './llm-rubric.js'
export { similarityOf } from './similarity.js'
export type { AssertionOf, BaseAssertionType, GradeContext, GraderFn, SampleFacts, Verdict } from './types.js'
export type { Registry, RegistryOptions } from './registry.js'
