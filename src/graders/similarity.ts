import { editDistance } from '../core/index.js'
import { preview } from './format.js'
import { foldCase } from './text.js'
import type { AssertionOf, GraderFn } from './types.js'

/**
 * similarity: 1 - Levenshtein distance / length of the longer text, over code points of the
 * trimmed, NFC-normalised texts (optionally case-folded). Two empty texts are identical.
 * The grade's score is the similarity; it passes at `threshold` or above.
 */
export function similarityOf(a: string, b: string, ignoreCase = false): number {
  const prepare = (t: string): string[] => Array.from(ignoreCase ? foldCase(t.trim()) : t.trim().normalize('NFC'))
  const x = prepare(a)
  const y = prepare(b)
  const longer = Math.max(x.length, y.length)
  return longer === 0 ? 1 : 1 - editDistance(x, y) / longer
}

const EPSILON = 1e-9

export const similarity: GraderFn<AssertionOf<'similarity'>> = (assertion, ctx) => {
  const expected = ctx.render(assertion.value)
  const score = similarityOf(ctx.output, expected, assertion.ignoreCase)
  return {
    pass: score >= assertion.threshold - EPSILON,
    score,
    expected: `similarity ≥ ${assertion.threshold} to ${preview(expected, 60)}${assertion.ignoreCase ? ' (ignoring case)' : ''}`,
    found: `${score.toFixed(3)} for ${preview(ctx.output, 60)}`,
  }
}
