import type { Grade } from '../core/index.js'

/**
 * The judge's figures for a group of samples, apart from the system under test: grades it
 * decided, answers asked, tokens, cost, latency and how its answers agreed.
 */
export interface JudgeStats {
  /** Grades decided by the judge (model-graded assertions). */
  grades: number
  /** Answers asked of the judge. */
  calls: number
  costUsd: number
  promptTokens: number
  completionTokens: number
  thinkingTokens: number
  /** Nearest-rank percentiles of the judge time per grade. */
  latencyP50Ms: number | null
  latencyP95Ms: number | null
  /** Mean agreement of the answers with their verdict, over grades that asked more than once. */
  meanAgreement: number | null
}

export function judgeStats(rows: ReadonlyArray<{ grades: ReadonlyArray<Pick<Grade, 'judge'>> }>): JudgeStats {
  const judged = rows.flatMap((s) => s.grades.flatMap((g) => (g.judge ? [g.judge] : [])))
  const latencies = judged.map((j) => j.latencyMs).sort((a, b) => a - b)
  const agreements = judged.flatMap((j) => (j.calls > 1 && j.agreement !== undefined ? [j.agreement] : []))
  const total = (read: (j: (typeof judged)[number]) => number | undefined): number => judged.reduce((a, j) => a + (read(j) ?? 0), 0)
  return {
    grades: judged.length,
    calls: total((j) => j.calls),
    costUsd: total((j) => j.costUsd),
    promptTokens: total((j) => j.usage?.promptTokens),
    completionTokens: total((j) => j.usage?.completionTokens),
    thinkingTokens: total((j) => j.usage?.thinkingTokens),
    latencyP50Ms: nearestRank(latencies, 0.5),
    latencyP95Ms: nearestRank(latencies, 0.95),
    meanAgreement: agreements.length ? agreements.reduce((a, b) => a + b, 0) / agreements.length : null,
  }
}

function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!
}
