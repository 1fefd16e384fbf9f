import type Database from 'better-sqlite3'
import type { SampleRecord } from '../core/index.js'
import { JUDGE_COLUMNS, judgeValues } from './judge-columns.js'
import { blobHash, GRADE_COLUMNS, outputHashOf, SAMPLE_COLUMNS, sampleValues } from './rows.js'
import { sqliteCode } from './guard.js'

/**
 * The write path of samples: positional prepared INSERTs (a sample, its grades, its long output
 * as a blob) run inside a transaction the caller opens.
 */

export interface SampleWriter {
  /** Insert a sample with its grades (and its output blob when long); no transaction of its own. */
  insert(runId: string, sample: SampleRecord, createdAt: string): void
  /** Insert texts as content-addressed blobs (each once); no transaction of its own. */
  insertBlobs(texts: Iterable<string>): void
}

const KEY_COLUMNS = ['run_id', 'suite', 'case_id', 'variant', 'seed', 'result_index'] as const

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
}

export function createSampleWriter(db: Database.Database): SampleWriter {
  const insertSample = db.prepare(insertSql('samples', SAMPLE_COLUMNS))
  // Grades without a judge leave its nine columns at their default (NULL).
  const insertGrade = db.prepare(insertSql('grades', [...KEY_COLUMNS, ...GRADE_COLUMNS]))
  const insertJudgedGrade = db.prepare(insertSql('grades', [...KEY_COLUMNS, ...GRADE_COLUMNS, ...JUDGE_COLUMNS]))
  const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (hash, text) VALUES (?, ?)')
  return {
    insert(runId, sample, createdAt) {
      const outputHash = outputHashOf(sample)
      if (outputHash !== null) insertBlob.run(outputHash, sample.output)
      const values = sampleValues(runId, sample, createdAt, outputHash)
      insertSample.run(values)
      const grades = sample.grades
      for (let ordinal = 0; ordinal < grades.length; ordinal++) {
        const grade = grades[ordinal]!
        const row = [values[0], values[1], values[2], values[3], values[4], values[5],
          ordinal, grade.type, grade.pass ? 1 : 0, grade.score, grade.reason, grade.weight]
        if (grade.judge) insertJudgedGrade.run(...row, ...judgeValues(grade.judge))
        else insertGrade.run(row)
      }
    },
    insertBlobs(texts) {
      for (const text of texts) insertBlob.run(blobHash(text), text)
    },
  }
}

/**
 * Whether a failed batch should be retried sample by sample: a constraint (duplicate sample,
 * unknown run, invalid value) or a value SQLite could not bind belongs to one sample; anything
 * else (I/O, busy, full disk) would fail the retry too.
 */
export function isSampleFailure(error: unknown): boolean {
  const code = sqliteCode(error)
  return code === undefined || code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH'
}
