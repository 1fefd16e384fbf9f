import type { Grade } from '../core/index.js'
import type { ResolvedAssertion } from '../config/index.js'
import { clip, errorMessage } from './format.js'
import { createRegistry, runAssertion, type Registry } from './registry.js'
import type { GradeContext, Verdict } from './types.js'

export interface Grader {
  /** One grade per assertion, in order. Never throws for a bad output or a failing grader. */
  gradeSample(assertions: readonly ResolvedAssertion[], ctx: GradeContext): Grade[]
}

/** A grader set: its own registry, Ajv instance and schema cache. */
export function createGrader(): Grader {
  const registry = createRegistry()
  return { gradeSample: (assertions, ctx) => assertions.map((a) => gradeOne(registry, a, ctx)) }
}

function gradeOne(registry: Registry, assertion: ResolvedAssertion, ctx: GradeContext): Grade {
  const { type } = assertion
  const weight = assertion.weight ?? 1
  try {
    const verdict = runAssertion(registry, assertion, ctx)
    const score = clampScore(verdict.score ?? (verdict.pass ? 1 : 0))
    return { type, pass: verdict.pass, score, reason: reasonOf(verdict), weight }
  } catch (error) {
    return { type, pass: false, score: 0, reason: `grader error: ${clip(errorMessage(error))}`, weight }
  }
}

/** `contains "Paris"` when passing; `expected contains "Paris", found "Lyon"` when failing. */
function reasonOf(verdict: Verdict): string {
  return verdict.pass ? verdict.expected : `expected ${verdict.expected}, found ${verdict.found}`
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
