import { parse as parseCsv } from 'csv-parse/sync'
import { locate, parseYamlSource, type Issue } from '../core/index.js'
import { readText, type FileRef } from './files.js'
import { describe, isPlainObject, lineLocator, sourceLocator, type Locator } from './validate.js'

/**
 * Dataset files: CSV (header row), JSONL (one object per line), YAML or JSON (a list).
 * Each row comes back as a plain object with a locator for issues inside it; the row's
 * meaning (flat vars or a full case) is decided by the caller.
 */

export interface DatasetRow {
  row: Record<string, unknown>
  at: Locator
  source: { file: string; line?: number }
}

export interface DatasetResult {
  /** Problems inside the file, located in it. */
  issues: Issue[]
  /** A problem with the file as a whole (missing, unknown format), to report where it is referenced. */
  error?: string
}

/** Rows go to `emit` as they are read (so that none need outlive its case); issues come back. */
type Reader = (ref: FileRef, text: string, emit: (row: DatasetRow) => void) => Issue[]

const READERS: Array<[RegExp, Reader]> = [
  [/\.csv$/i, readCsv],
  [/\.(jsonl|ndjson)$/i, readJsonl],
  [/\.(ya?ml|json)$/i, readYamlList],
]

/** Read a dataset file, handing each row to `emit` in file order. */
export function loadDataset(ref: FileRef, emit: (row: DatasetRow) => void): DatasetResult {
  const reader = READERS.find(([re]) => re.test(ref.abs))?.[1]
  if (!reader) {
    return { issues: [], error: `unsupported dataset format "${ref.rel}"; expected .csv, .jsonl, .json, .yaml or .yml` }
  }
  const read = readText(ref)
  if (read.issue) return { issues: [read.issue] }
  if (read.text === undefined) return { issues: [], error: read.error }
  return { issues: reader(ref, read.text, emit) }
}

interface CsvRecord { record: string[]; raw: string; info: { lines: number } }

function readCsv(ref: FileRef, text: string, emit: (row: DatasetRow) => void): Issue[] {
  let records: CsvRecord[]
  try {
    records = parseCsv(text.replace(/\r\n?/g, '\n'), {
      info: true, raw: true, relax_column_count: true, skip_empty_lines: true, bom: true,
    }) as unknown as CsvRecord[]
  } catch (err) {
    const e = err as Error & { lines?: number }
    return [{ file: ref.rel, line: e.lines, col: 1, path: '', message: `CSV syntax: ${e.message}` }]
  }
  const [header, ...body] = records
  if (!header) return [{ file: ref.rel, line: 1, col: 1, path: '', message: 'expected a header row, found an empty file' }]
  const issues = checkHeader(ref, header.record)
  for (const rec of body) {
    const line = rec.info.lines - (rec.raw.trim().match(/\n/g)?.length ?? 0)
    const at = lineLocator(ref.rel, line)
    if (rec.record.length !== header.record.length) {
      issues.push(at([], `row has ${rec.record.length} field(s); expected ${header.record.length} like the header (${header.record.join(', ')})`))
      continue
    }
    const row = Object.fromEntries(header.record.map((col, i) => [col, rec.record[i]]))
    if (row.id === '') delete row.id
    if (row.description === '') delete row.description
    emit({ row, at, source: { file: ref.rel, line } })
  }
  return issues
}

function checkHeader(ref: FileRef, columns: string[]): Issue[] {
  const issues: Issue[] = []
  const seen = new Set<string>()
  for (const [i, col] of columns.entries()) {
    const where = { file: ref.rel, line: 1, col: 1, path: `column ${i + 1}` }
    if (col.trim() === '') issues.push({ ...where, message: 'expected a column name in the header, found an empty cell' })
    else if (seen.has(col)) issues.push({ ...where, message: `duplicate column "${col}" in the header` })
    seen.add(col)
  }
  return issues
}

function readJsonl(ref: FileRef, text: string, emit: (row: DatasetRow) => void): Issue[] {
  const issues: Issue[] = []
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  let start = 0
  for (let line = 1; start <= body.length; line++) {
    const newline = body.indexOf('\n', start)
    const end = newline < 0 ? body.length : newline
    const crlf = newline > start && body.charCodeAt(newline - 1) === 13
    const rawLine = body.slice(start, crlf ? end - 1 : end)
    start = end + 1
    if (rawLine.trim() === '') continue
    const at = lineLocator(ref.rel, line)
    const row = jsonlRow(rawLine, at, issues)
    if (row) emit({ row, at, source: { file: ref.rel, line } })
  }
  return issues
}

function jsonlRow(rawLine: string, at: Locator, issues: Issue[]): Record<string, unknown> | undefined {
  let value: unknown
  try {
    value = JSON.parse(rawLine)
  } catch (err) {
    issues.push(at([], `invalid JSON: ${err instanceof Error ? err.message : String(err)}`))
    return undefined
  }
  if (isPlainObject(value)) return value
  issues.push(at([], `expected a JSON object on each line, found ${describe(value)}`))
  return undefined
}

function readYamlList(ref: FileRef, text: string, emit: (row: DatasetRow) => void): Issue[] {
  const { source, issues } = parseYamlSource(ref.rel, text)
  if (issues.length) return issues
  const data: unknown = source.doc.toJS()
  const root = sourceLocator(source)
  if (!Array.isArray(data)) return [root([], `expected a list of rows, found ${describe(data)}`)]
  for (const [i, value] of data.entries()) {
    const at = sourceLocator(source, [i])
    if (!isPlainObject(value)) {
      issues.push(at([], `expected a mapping (one row), found ${describe(value)}`))
      continue
    }
    emit({ row: value, at, source: { file: ref.rel, line: locate(source, [i]).line } })
  }
  return issues
}
