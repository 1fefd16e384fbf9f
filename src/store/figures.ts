import type Database from 'better-sqlite3'
import type { Grade, SampleFigures } from '../core/index.js'
import { JUDGE_SELECT, rowToJudge, type JudgeGradeRow } from './judge-columns.js'
import { shapedRows, type ShapedStatement } from './shaped-rows.js'

/**
 * A run's samples as figures only (see `SampleFigures`): the columns summaries and charts read,
 * joined only with the grades that have a judge. Reading these rather than whole samples
 * (outputs, every grade and reason) took a third of the time at the end of a run.
 */

interface FigureRow extends JudgeGradeRow {
  suite: string
  case_id: string
  variant: string
  seed: number
  result_index: number
  outcome: SampleFigures['outcome']
  latency_ms: number | null
  cost_usd: number | null
  cached: number
  saved_cost_usd: number | null
  prompt_tokens: number | null
  thinking_tokens: number | null
  g_ordinal: number | null
}

const KEY = ['run_id', 'suite', 'case_id', 'variant', 'seed', 'result_index']

export const FIGURES_OF_RUN = `
  SELECT s.suite, s.case_id, s.variant, s.seed, s.result_index, s.outcome, s.latency_ms, s.cost_usd, s.cached,
         s.saved_cost_usd, s.prompt_tokens, s.thinking_tokens, g.ordinal AS g_ordinal, ${JUDGE_SELECT}
  FROM samples s LEFT JOIN grades g ON ${KEY.map((c) => `g.${c} = s.${c}`).join(' AND ')} AND g.judge_model IS NOT NULL
  WHERE s.run_id = ?
  ORDER BY s.suite, s.case_id, s.variant, s.seed, s.result_index, g.ordinal`

const NO_GRADES: ReadonlyArray<Pick<Grade, 'judge'>> = Object.freeze([])

/** The figures of the rows of `FIGURES_OF_RUN`, in order; repeated suite and variant names are shared. */
export function* figuresOf(rows: Iterable<FigureRow>): Generator<SampleFigures, void, undefined> {
  const names = new Map<string, string>()
  const name = (n: string): string => names.get(n) ?? (names.set(n, n), n)
  let current: SampleFigures | undefined
  let previous: FigureRow | undefined
  for (const row of rows) {
    if (!current || !previous || !sameSample(previous, row)) {
      if (current) yield current
      current = toFigures(row, name)
    }
    const judge = rowToJudge(row)
    if (judge) current.grades = [...current.grades, { judge }]
    previous = row
  }
  if (current) yield current
}

function toFigures(row: FigureRow, name: (n: string) => string): SampleFigures {
  const out: SampleFigures = { key: { suite: name(row.suite), caseId: row.case_id, variant: name(row.variant) }, outcome: row.outcome, grades: NO_GRADES }
  if (row.latency_ms !== null) out.latencyMs = row.latency_ms
  if (row.cost_usd !== null) out.costUsd = row.cost_usd
  if (row.cached === 1) out.cached = true
  if (row.saved_cost_usd !== null) out.savedCostUsd = row.saved_cost_usd
  if (row.prompt_tokens !== null) out.usage = { thinkingTokens: row.thinking_tokens ?? 0 }
  return out
}

function sameSample(a: FigureRow, b: FigureRow): boolean {
  return a.suite === b.suite && a.case_id === b.case_id && a.variant === b.variant && a.seed === b.seed && a.result_index === b.result_index
}

export function prepareFigures(db: Database.Database): ShapedStatement<[string], FigureRow> {
  return shapedRows(db.prepare<[string], FigureRow>(FIGURES_OF_RUN))
}
