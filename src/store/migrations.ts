import type Database from 'better-sqlite3'
import { StoreError } from '../core/index.js'

/**
 * Numbered schema migrations. Migration i (0-based) takes the database from
 * `PRAGMA user_version` i to i + 1. Append only: never edit a shipped migration,
 * add a new one (an ALTER in a new entry) instead.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, samples, grades.
  `
  CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
    provider        TEXT NOT NULL,
    model           TEXT NOT NULL,
    git_commit      TEXT,
    config_json     TEXT NOT NULL,
    planned_samples INTEGER NOT NULL,
    name            TEXT UNIQUE
  ) STRICT;
  CREATE INDEX runs_by_started_at ON runs (started_at);

  CREATE TABLE samples (
    run_id            TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    suite             TEXT NOT NULL,
    case_id           TEXT NOT NULL,
    variant           TEXT NOT NULL,
    seed              INTEGER NOT NULL,
    result_index      INTEGER NOT NULL,
    request_hash      TEXT NOT NULL,
    outcome           TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'error')),
    output            TEXT,
    finish_reason     TEXT,
    latency_ms        REAL,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    total_tokens      INTEGER,
    thinking_tokens   INTEGER,
    cost_usd          REAL,
    attempts          INTEGER NOT NULL,
    score             REAL,
    error_kind        TEXT,
    error_code        TEXT,
    error_message     TEXT,
    error_status      INTEGER,
    error_parameter   TEXT,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (run_id, suite, case_id, variant, seed, result_index)
  ) STRICT;
  -- The primary key orders a run's samples; this one finds cached responses by request.
  CREATE INDEX samples_by_request_hash ON samples (request_hash);

  CREATE TABLE grades (
    run_id       TEXT NOT NULL,
    suite        TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    variant      TEXT NOT NULL,
    seed         INTEGER NOT NULL,
    result_index INTEGER NOT NULL,
    ordinal      INTEGER NOT NULL,
    type         TEXT NOT NULL,
    pass         INTEGER NOT NULL CHECK (pass IN (0, 1)),
    score        REAL NOT NULL,
    reason       TEXT NOT NULL,
    weight       REAL NOT NULL,
    PRIMARY KEY (run_id, suite, case_id, variant, seed, result_index, ordinal),
    FOREIGN KEY (run_id, suite, case_id, variant, seed, result_index)
      REFERENCES samples (run_id, suite, case_id, variant, seed, result_index) ON DELETE CASCADE
  ) STRICT;
  `,
  // 2: content-addressed blobs (long outputs and rendered requests stored once), the response
  // cache, cached samples and shards. A sample's output is in samples.output when short, else
  // in blobs under samples.output_hash; a request's rendered JSON is the blob samples.request_hash.
  `
  CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,  -- sha256 hex of text
    text TEXT NOT NULL
  ) STRICT;

  CREATE TABLE response_cache (
    scope        TEXT NOT NULL,     -- which service answered (provider and endpoint or emulator script)
    request_hash TEXT NOT NULL,
    result_index INTEGER NOT NULL,
    output_hash  TEXT NOT NULL,     -- blobs.hash of the result text
    result_json  TEXT NOT NULL,     -- the rest of the result (finish reason, usage, cost, ...)
    latency_ms   REAL,
    cost_usd     REAL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, request_hash, result_index)
  ) STRICT;
  CREATE INDEX response_cache_by_output_hash ON response_cache (output_hash);
  CREATE INDEX response_cache_by_created_at ON response_cache (created_at);

  ALTER TABLE samples ADD COLUMN output_hash TEXT;
  ALTER TABLE samples ADD COLUMN cached INTEGER NOT NULL DEFAULT 0 CHECK (cached IN (0, 1));
  ALTER TABLE samples ADD COLUMN saved_cost_usd REAL;
  CREATE INDEX samples_by_output_hash ON samples (output_hash) WHERE output_hash IS NOT NULL;

  ALTER TABLE runs ADD COLUMN shard TEXT;
  `,
  // 3: the judge's share of a model-graded grade (llm-rubric): its model, answers asked,
  // agreement, usage, cost and latency, kept apart from the sample's (the system under test).
  `
  ALTER TABLE grades ADD COLUMN judge_model TEXT;
  ALTER TABLE grades ADD COLUMN judge_calls INTEGER;
  ALTER TABLE grades ADD COLUMN judge_agreement REAL;
  ALTER TABLE grades ADD COLUMN judge_prompt_tokens INTEGER;
  ALTER TABLE grades ADD COLUMN judge_completion_tokens INTEGER;
  ALTER TABLE grades ADD COLUMN judge_total_tokens INTEGER;
  ALTER TABLE grades ADD COLUMN judge_thinking_tokens INTEGER;
  ALTER TABLE grades ADD COLUMN judge_cost_usd REAL;
  ALTER TABLE grades ADD COLUMN judge_latency_ms REAL;
  `,
  // 4: what the model did besides text: its tool calls (a JSON array of {id, name, arguments})
  // and the time to the first streamed token (stream delivery).
  `
  ALTER TABLE samples ADD COLUMN tool_calls_json TEXT;
  ALTER TABLE samples ADD COLUMN ttft_ms REAL;
  `,
  // 5: cheaper writes. A random key (a request hash) dirties a page of its index per row at each
  // commit, so such indexes now hold a short prefix of the hash (rows are checked against the
  // whole hash): the response cache becomes one row per (scope, request) with its results, texts
  // included, as one JSON array (no blob, no three index entries per result), and samples are
  // found by request through a prefix. Complete cache entries are kept; blobs only they used go.
  `
  CREATE TABLE response_cache_v5 (
    scope        TEXT NOT NULL,     -- which service answered (provider and endpoint or emulator script)
    request_hash TEXT NOT NULL,     -- one row per (scope, request_hash), kept so by the writer
    results_json TEXT NOT NULL,     -- JSON array of every result (text, finish reason, usage, cost, ...) in index order
    n_results    INTEGER NOT NULL,
    latency_ms   REAL,
    cost_usd     REAL,              -- what the results cost together
    created_at   TEXT NOT NULL
  ) STRICT;
  INSERT INTO response_cache_v5
    SELECT c.scope, c.request_hash,
           json_group_array(json_patch(json_object('text', b.text), c.result_json) ORDER BY c.result_index),
           COUNT(*), MAX(c.latency_ms), SUM(c.cost_usd), MIN(c.created_at)
    FROM response_cache c JOIN blobs b ON b.hash = c.output_hash
    GROUP BY c.scope, c.request_hash
    HAVING COUNT(*) = MAX(c.result_index) + 1;
  DELETE FROM blobs WHERE hash IN (SELECT output_hash FROM response_cache) AND
    NOT EXISTS (SELECT 1 FROM samples s WHERE s.output_hash = blobs.hash) AND
    NOT EXISTS (SELECT 1 FROM samples s WHERE s.request_hash = blobs.hash);
  DROP TABLE response_cache;
  ALTER TABLE response_cache_v5 RENAME TO response_cache;
  CREATE INDEX response_cache_by_request ON response_cache (substr(request_hash, 1, 8));

  DROP INDEX samples_by_request_hash;
  CREATE INDEX samples_by_request ON samples (substr(request_hash, 1, 8));
  `,
]

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }))
}

function refuseTooNew(version: number, file: string): void {
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_TOO_NEW',
      `${file}: database schema version ${version} is newer than this program supports (${SCHEMA_VERSION}); upgrade evals`,
    )
  }
}

/**
 * Bring the database up to SCHEMA_VERSION. All pending migrations run in one
 * IMMEDIATE transaction, so a concurrent opener waits and then sees them done.
 */
export function migrate(db: Database.Database, file: string): void {
  refuseTooNew(userVersion(db), file)
  if (userVersion(db) === SCHEMA_VERSION) return
  db.transaction(() => {
    const current = userVersion(db)
    refuseTooNew(current, file)
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.exec(MIGRATIONS[version]!)
      db.pragma(`user_version = ${version + 1}`)
    }
  }).immediate()
}
