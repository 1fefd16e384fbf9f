import type Database from 'better-sqlite3'
import type { CaseHistoryRow } from '../core/index.js'

/**
 * Per-case outcomes of past runs, for flakiness: for each of the newest `limit` runs that
 * contain a suite, the pass/fail/error counts of every (case, variant), oldest run first, with a
 * fingerprint of the requests sent (so that a prompt edit is not taken for a flaky verdict).
 */

export interface CaseHistoryOptions {
  /** How many of the newest runs containing each suite to read. */
  limit: number
  /** Runs to leave out (e.g. the head run under test). */
  exclude?: readonly string[]
}

interface Row {
  run_id: string
  case_id: string
  variant: string
  n_pass: number
  n_fail: number
  n_error: number
  fingerprint: string
}

const HISTORY_SQL = `
  WITH recent AS (
    SELECT r.id, r.started_at, r.rowid AS seq FROM runs r
    WHERE EXISTS (SELECT 1 FROM samples x WHERE x.run_id = r.id AND x.suite = @suite)
      AND r.id NOT IN (SELECT value FROM json_each(@exclude))
    ORDER BY r.started_at DESC, r.rowid DESC LIMIT @limit
  )
  SELECT s.run_id, s.case_id, s.variant,
         SUM(s.outcome = 'pass') AS n_pass, SUM(s.outcome = 'fail') AS n_fail, SUM(s.outcome = 'error') AS n_error,
         group_concat(s.request_hash, ',' ORDER BY s.seed, s.result_index) AS fingerprint
  FROM samples s JOIN recent ON recent.id = s.run_id
  WHERE s.suite = @suite
  GROUP BY s.run_id, s.case_id, s.variant
  ORDER BY recent.started_at, recent.seq, s.case_id, s.variant`

export function queryCaseHistory(db: Database.Database, suites: readonly string[], options: CaseHistoryOptions): CaseHistoryRow[] {
  if (options.limit <= 0) return []
  const statement = db.prepare<{ suite: string; limit: number; exclude: string }, Row>(HISTORY_SQL)
  const exclude = JSON.stringify(options.exclude ?? [])
  return suites.flatMap((suite) => statement.all({ suite, limit: options.limit, exclude }).map((r) => ({
    runId: r.run_id,
    suite,
    caseId: r.case_id,
    variant: r.variant,
    passed: r.n_pass,
    failed: r.n_fail,
    errors: r.n_error,
    fingerprint: r.fingerprint,
  })))
}
