import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { HarnessError, type RunMeta, type SampleRecord } from '../core/index.js'
import type { CaseVerdict, RunSummary, SampleFigures } from '../compare/index.js'
import {
  buildRunPageHead, caseRowsOf, renderCaseRow, renderPageEnd, renderPageStart, type CaseRows, type RunPageExtras,
} from '../report/index.js'
import type { Store } from '../store/index.js'

/**
 * The HTML page of a run, written to its file in pieces: the head (from the summary), then one
 * case row at a time as the samples come from the store, then the end. Neither the samples nor
 * the page are ever held whole in memory.
 */

/** Slim copies of a stored run's samples (figures only: no outputs, reasons or errors), in stored order. */
export function readFigures(store: Store, runId: string): SampleFigures[] {
  return Array.from(store.iterateFigures(runId))
}

export interface RunPageInput {
  meta: RunMeta
  summary: RunSummary
  /** The samples' figures (or the samples themselves), for the charts. */
  figures: readonly SampleFigures[]
  extras: RunPageExtras
}

/**
 * Write the page to `file` (through a temporary file, renamed when complete). `samples` are the
 * run's, in stored order (each case's samples together), e.g. `store.iterateSamples(id)`.
 */
export function writeRunPage(file: string, page: RunPageInput, samples: Iterable<SampleRecord>): void {
  mkdirSync(dirname(file), { recursive: true })
  const head = buildRunPageHead(page.meta, page.summary, page.figures, page.extras)
  const rows = caseRowsOf(page.summary, page.extras)
  const partial = `${file}.partial`
  const out = new FileSink(partial)
  const spill = new Spill(`${file}.rows`)
  try {
    out.write(renderPageStart(head))
    writeRows(out, spill, rows, samples)
    for (const row of rows.removed()) out.write(renderCaseRow(row))
    out.write(renderPageEnd(head))
    out.close()
    renameSync(partial, file)
  } finally {
    out.close()
    spill.close()
    rmSync(partial, { force: true })
  }
}

/**
 * The rows in the summary's order (suites and variants in definition order), from samples in
 * stored order (by suite, case, variant): a row that comes early waits in a spill file.
 */
function writeRows(out: FileSink, spill: Spill, rows: CaseRows, samples: Iterable<SampleRecord>): void {
  let next = 0
  for (const { index, group } of caseGroups(samples, rows.cases)) {
    const text = renderCaseRow(rows.row(index, group))
    if (index !== next) {
      spill.put(index, text)
      continue
    }
    out.write(text)
    for (next++; spill.has(next); next++) out.write(spill.take(next))
  }
  for (; next < rows.cases.length; next++) out.write(spill.has(next) ? spill.take(next) : renderCaseRow(rows.row(next, [])))
}

/** Consecutive samples of one case, with the case's index in `cases`. */
function* caseGroups(samples: Iterable<SampleRecord>, cases: readonly CaseVerdict[]): Generator<{ index: number; group: SampleRecord[] }> {
  const indexOf = new Map(cases.map((c, i) => [caseKey(c), i]))
  const done = new Uint8Array(cases.length)
  let current: { index: number; group: SampleRecord[] } | undefined
  for (const s of samples) {
    const index = indexOf.get(caseKey(s.key))
    if (index === undefined) throw new HarnessError('INTERNAL', `report: a sample of ${caseKey(s.key)} has no case in the summary`)
    if (current?.index !== index) {
      if (done[index]) throw new HarnessError('INTERNAL', `report: the samples of ${caseKey(s.key)} are not together`)
      done[index] = 1
      if (current) yield current
      current = { index, group: [] }
    }
    current.group.push(s)
  }
  if (current) yield current
}

function caseKey(c: { suite: string; caseId: string; variant: string }): string {
  return `${c.suite}\u0000${c.caseId}\u0000${c.variant}`
}

/**
 * Buffered writes to a file, encoded into one buffer used again and again: a new buffer per
 * flush meant fresh memory each time (page faults: ~13 us each on the benchmark machine).
 */
class FileSink {
  private fd: number | undefined
  private readonly buffer = Buffer.allocUnsafe(1 << 16)
  private used = 0

  constructor(file: string) {
    this.fd = openSync(file, 'w')
  }

  write(text: string): void {
    const most = text.length * 3 // UTF-8 bytes of a UTF-16 code unit, at most
    if (most > this.buffer.length - this.used) {
      this.flush()
      if (most > this.buffer.length) {
        if (this.fd !== undefined) writeAll(this.fd, Buffer.from(text))
        return
      }
    }
    this.used += this.buffer.write(text, this.used)
  }

  close(): void {
    if (this.fd === undefined) return
    this.flush()
    closeSync(this.fd)
    this.fd = undefined
  }

  private flush(): void {
    if (this.fd !== undefined && this.used) writeAll(this.fd, this.buffer.subarray(0, this.used))
    this.used = 0
  }
}

/** Rendered rows set aside until their turn, in a temporary file (opened on first use, removed on close). */
class Spill {
  private fd: number | undefined
  private end = 0
  private readonly at = new Map<number, { offset: number; bytes: number }>()

  constructor(private readonly file: string) {}

  put(index: number, text: string): void {
    this.fd ??= openSync(this.file, 'w+')
    const buffer = Buffer.from(text)
    writeAll(this.fd, buffer, this.end)
    this.at.set(index, { offset: this.end, bytes: buffer.length })
    this.end += buffer.length
  }

  has(index: number): boolean {
    return this.at.has(index)
  }

  take(index: number): string {
    const { offset, bytes } = this.at.get(index)!
    this.at.delete(index)
    const buffer = Buffer.alloc(bytes)
    readSync(this.fd!, buffer, 0, bytes, offset)
    return buffer.toString('utf8')
  }

  close(): void {
    if (this.fd === undefined) return
    closeSync(this.fd)
    this.fd = undefined
    rmSync(this.file, { force: true })
  }
}

/** writeSync until every byte is written (at `position`, or at the file's current offset). */
function writeAll(fd: number, buffer: Buffer, position?: number): void {
  for (let done = 0; done < buffer.length;) {
    done += writeSync(fd, buffer, done, buffer.length - done, position === undefined ? null : position + done)
  }
}
