import type Database from 'better-sqlite3'

/**
 * What past samples cost, for `--dry-run` and `--max-cost` estimates. A cached sample counts
 * with what its original response cost (`saved_cost_usd`), never with its 0.
 */

export interface CostObservation {
  /** Samples observed. */
  samples: number
  /** Mean cost per sample, when the provider reported costs. */
  meanCostUsd?: number
  meanPromptTokens?: number
  /** Mean completion + thinking tokens. */
  meanOutputTokens?: number
}

export interface CostHistory {
  /** Past samples of exactly this request (same request hash). */
  byRequest(requestHash: string): CostObservation | undefined
  /** Past samples of a suite and variant (any request). */
  byVariant(suite: string, variant: string): CostObservation | undefined
}

interface ObservationRow {
  n: number
  cost: number | null
  prompt: number | null
  output: number | null
}

const REAL_COST = 'CASE WHEN cached = 1 THEN saved_cost_usd ELSE cost_usd END'
const AGGREGATES = `COUNT(*) AS n, AVG(${REAL_COST}) AS cost, AVG(prompt_tokens) AS prompt,
  AVG(COALESCE(completion_tokens, 0) + COALESCE(thinking_tokens, 0)) AS output`
const OBSERVED = `outcome != 'error' AND (${REAL_COST} IS NOT NULL OR prompt_tokens IS NOT NULL)`

export function createCostHistory(db: Database.Database): CostHistory {
  const byRequest = db.prepare<[{ hash: string }], ObservationRow>(
    `SELECT ${AGGREGATES} FROM samples WHERE substr(request_hash, 1, 8) = substr(@hash, 1, 8) AND request_hash = @hash AND ${OBSERVED}`)
  let variants: Map<string, CostObservation> | undefined
  const loadVariants = (): Map<string, CostObservation> => {
    const rows = db.prepare<[], ObservationRow & { suite: string; variant: string }>(
      `SELECT suite, variant, ${AGGREGATES} FROM samples WHERE ${OBSERVED} GROUP BY suite, variant`).all()
    return new Map(rows.map((r) => [`${r.suite}\u0000${r.variant}`, toObservation(r)!]))
  }
  return {
    byRequest: (hash) => toObservation(byRequest.get({ hash })),
    byVariant(suite, variant) {
      variants ??= loadVariants()
      return variants.get(`${suite}\u0000${variant}`)
    },
  }
}

function toObservation(row: ObservationRow | undefined): CostObservation | undefined {
  if (!row || row.n === 0) return undefined
  return {
    samples: row.n,
    ...(row.cost === null ? {} : { meanCostUsd: row.cost }),
    ...(row.prompt === null ? {} : { meanPromptTokens: row.prompt }),
    ...(row.prompt === null ? {} : { meanOutputTokens: row.output ?? 0 }),
  }
}
