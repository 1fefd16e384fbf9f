import type Database from 'better-sqlite3'
import { SAMPLE_COLUMNS, type RunRow, type SampleGradeRow } from './rows.js'
import { JUDGE_SELECT } from './judge-columns.js'
import { shapedRows, type ShapedStatement } from './shaped-rows.js'

/** The SQL of the store, prepared once per open database. */

export interface RunSummaryRow extends RunRow {
  n_samples: number
  n_pass: number
  n_fail: number
  n_error: number
  cost_usd: number
  judge_cost_usd: number
}

interface SampleKeyRow {
  suite: string
  case_id: string
  variant: string
  seed: number
  result_index: number
}

type Stmt<P, R = unknown> = Database.Statement<P extends unknown[] ? P : [P], R>

export interface Statements {
  insertRun: Stmt<RunRow>
  finishRun: Stmt<{ id: string; status: string; finished_at: string }>
  runById: Stmt<[string], RunRow>
  latestRun: Stmt<[], RunRow>
  runsByPrefix: Stmt<{ prefix: string; length: number }, RunRow>
  listRuns: Stmt<{ limit: number }, RunSummaryRow>
  samplesOfRun: ShapedStatement<[string], SampleGradeRow>
  sampleKeysOfRun: Stmt<[string], SampleKeyRow>
  reopenRun: Stmt<[string]>
}

const RUN_COLUMNS = 'id, started_at, finished_at, status, provider, model, git_commit, config_json, planned_samples, shard'

const KEY_JOIN = ['run_id', 'suite', 'case_id', 'variant', 'seed', 'result_index']
  .map((c) => `g.${c} = s.${c}`).join(' AND ')

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
}

/** Long outputs live in blobs (content-addressed); short ones inline. */
const SAMPLE_SELECT = SAMPLE_COLUMNS.filter((c) => c !== 'run_id' && c !== 'created_at' && c !== 'output_hash')
  .map((c) => (c === 'output' ? 'COALESCE(s.output, b.text) AS output' : `s.${c}`)).join(', ')

const SAMPLES_OF_RUN = `
  SELECT ${SAMPLE_SELECT},
         g.ordinal AS g_ordinal, g.type AS g_type, g.pass AS g_pass, g.score AS g_score,
         g.reason AS g_reason, g.weight AS g_weight, ${JUDGE_SELECT}
  FROM samples s LEFT JOIN blobs b ON b.hash = s.output_hash
  LEFT JOIN grades g ON ${KEY_JOIN}
  WHERE s.run_id = ?
  ORDER BY s.suite, s.case_id, s.variant, s.seed, s.result_index, g.ordinal`

const LIST_RUNS = `
  SELECT r.${RUN_COLUMNS.split(', ').join(', r.')},
         COUNT(s.run_id) AS n_samples,
         COALESCE(SUM(s.outcome = 'pass'), 0) AS n_pass,
         COALESCE(SUM(s.outcome = 'fail'), 0) AS n_fail,
         COALESCE(SUM(s.outcome = 'error'), 0) AS n_error,
         COALESCE(SUM(s.cost_usd), 0.0) AS cost_usd,
         (SELECT COALESCE(SUM(g.judge_cost_usd), 0.0) FROM grades g WHERE g.run_id = r.id) AS judge_cost_usd
  FROM (SELECT ${RUN_COLUMNS}, rowid AS seq FROM runs ORDER BY started_at DESC, rowid DESC LIMIT @limit) r
  LEFT JOIN samples s ON s.run_id = r.id
  GROUP BY r.id
  ORDER BY r.started_at DESC, r.seq DESC`

export function prepareStatements(db: Database.Database): Statements {
  return {
    insertRun: db.prepare(insertSql('runs', RUN_COLUMNS.split(', '))),
    finishRun: db.prepare('UPDATE runs SET status = @status, finished_at = @finished_at WHERE id = @id'),
    runById: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    latestRun: db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1`),
    runsByPrefix: db.prepare(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE substr(id, 1, @length) = @prefix ORDER BY started_at DESC LIMIT 5`),
    listRuns: db.prepare(LIST_RUNS),
    samplesOfRun: shapedRows(db.prepare<[string], SampleGradeRow>(SAMPLES_OF_RUN)),
    sampleKeysOfRun: db.prepare(
      'SELECT suite, case_id, variant, seed, result_index FROM samples WHERE run_id = ?'),
    reopenRun: db.prepare("UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?"),
  }
}
