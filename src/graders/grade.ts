import type { ErrorInfo, Grade } from '../core/index.js'
import type { ResolvedAssertion } from '../config/index.js'
import { clip, errorMessage } from './format.js'
import { JudgeError } from './judge.js'
import { createRegistry, runAssertion, type Registry, type RegistryOptions } from './registry.js'
import type { GradeContext, Verdict } from './types.js'

/** The grades of a sample; `error` when some grade could not be decided (the judge failed). */
export interface SampleGrading {
  grades: Grade[]
  error?: ErrorInfo
}

export interface Grader {
  /**
   * One grade per assertion, in order. Never throws: a failing grader gives a failing grade;
   * a failing judge also sets `error`, so the sample is an error rather than a fail.
   */
  gradeSample(assertions: readonly ResolvedAssertion[], ctx: GradeContext): Promise<SampleGrading>
}

/** A grader set: its own registry, Ajv instance, schema cache and judge. */
export function createGrader(options: RegistryOptions = {}): Grader {
  const registry = createRegistry(options)
  return {
    async gradeSample(assertions, ctx) {
      const graded = await Promise.all(assertions.map((a) => gradeOne(registry, a, ctx)))
      const error = graded.find((g) => g.error)?.error
      return { grades: graded.map((g) => g.grade), ...(error ? { error } : {}) }
    },
  }
}

async function gradeOne(registry: Registry, assertion: ResolvedAssertion, ctx: GradeContext): Promise<{ grade: Grade; error?: ErrorInfo }> {
  const { type } = assertion
  const weight = assertion.weight ?? 1
  try {
    const verdict = await runAssertion(registry, assertion, ctx)
    const score = clampScore(verdict.score ?? (verdict.pass ? 1 : 0))
    const grade: Grade = verdict.uncounted
      ? { type, pass: false, score: 0, reason: `not counted: ${reasonOf(verdict)}`, weight: 0 }
      : { type, pass: verdict.pass, score, reason: reasonOf(verdict), weight }
    if (verdict.judge) grade.judge = verdict.judge
    return { grade }
  } catch (error) {
    if (error instanceof JudgeError) {
      const grade: Grade = { type, pass: false, score: 0, reason: `judge error: ${clip(error.message, 200)}`, weight }
      if (error.record) grade.judge = error.record
      return { grade, error: { kind: 'grader', code: error.code, message: error.message } }
    }
    return { grade: { type, pass: false, score: 0, reason: `grader error: ${clip(errorMessage(error))}`, weight } }
  }
}

/** `contains "Paris"` when passing; `expected contains "Paris", found "Lyon"` when failing; then the note. */
function reasonOf(verdict: Verdict): string {
  const reason = verdict.pass ? verdict.expected : `expected ${verdict.expected}, found ${verdict.found}`
  return verdict.note ? `${reason}; ${verdict.note}` : reason
}

function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0
}

const EPSILON = 1e-9

/**
 * The sample's score: the weighted mean of the grades with weight > 0 (1 when there are none).
 * With threshold 1 the sample passes only when every counted grade passed; below 1 it passes
 * when the score reaches the threshold.
 */
export function scoreSample(grades: readonly Grade[], threshold: number): { score: number; pass: boolean } {
  const counted = grades.filter((g) => g.weight > 0)
  if (counted.length === 0) return { score: 1, pass: true }
  const totalWeight = counted.reduce((sum, g) => sum + g.weight, 0)
  const score = counted.reduce((sum, g) => sum + g.weight * g.score, 0) / totalWeight
  const pass = threshold >= 1 ? counted.every((g) => g.pass) : score >= threshold - EPSILON
  return { score, pass }
}
