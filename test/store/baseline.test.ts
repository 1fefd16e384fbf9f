import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, type SampleRecord } from '../../src/core/index.js'
import { BASELINE_FORMAT_VERSION, baselineText, openStore, readBaseline, writeBaseline, type BaselineContent } from '../../src/store/index.js'
import { bareErrorSample, errorSample, failSample, makeRun, passSample } from './fixtures.js'

const tmp = (): string => mkdtempSync(join(tmpdir(), 'evals-baseline-'))

const content = (samples: SampleRecord[] = [failSample, errorSample, passSample, bareErrorSample]): BaselineContent => ({
  name: 'main',
  meta: { ...makeRun(), status: 'completed', finishedAt: '2026-01-01T10:05:00.000Z' },
  suites: [
    { name: 'capitals', hash: 'abc', pass: { rule: 'majority' }, variants: ['low', 'high'] },
    { name: 'arith', pass: { rule: 'atLeast', n: 2 }, variants: ['default'] },
  ],
  samples,
})

describe('baseline files', () => {
  it('round-trips outcomes, keys, scores and measurements (grades are not kept)', () => {
    const file = join(tmp(), 'baselines', 'main.json')
    writeBaseline(file, content())
    const b = readBaseline(file)
    expect(b).toMatchObject({ formatVersion: BASELINE_FORMAT_VERSION, name: 'main', run: { id: 'run-0001-aaaa', status: 'completed', gitCommit: 'abc1234' } })
    expect(b.suites[1]).toEqual({ name: 'arith', pass: { rule: 'atLeast', n: 2 }, variants: ['default'] })
    const france = b.samples.find((s) => s.key.caseId === 'france' && s.key.resultIndex === 0)!
    expect(france).toEqual({ ...passSample, grades: [], attempts: 1, requestHash: 'hash-a' })
    const chile = b.samples.find((s) => s.key.caseId === 'chile')!
    expect(chile.error).toEqual({ kind: 'rate_limit', code: 'rateLimitExceeded', message: 'Too many requests', status: 429 })
    expect(chile.outcome).toBe('error')
  })

  it('is stable and diff-friendly: sorted samples, one per line, same bytes for the same run in any order', () => {
    const a = baselineText(content())
    const b = baselineText(content([passSample, bareErrorSample, errorSample, failSample]))
    expect(a).toBe(b)
    const lines = a.split('\n')
    const sampleLines = lines.filter((l) => l.startsWith('    {"suite"'))
    expect(sampleLines).toHaveLength(4)
    expect(sampleLines.map((l) => (JSON.parse(l.replace(/,$/, '')) as { suite: string; case: string }).case)).toEqual(['sum', 'chile', 'france', 'france'])
    expect(JSON.parse(a)).toBeTruthy()
  })

  it('cuts long outputs and keeps request hashes short', () => {
    const long: SampleRecord = { ...passSample, output: 'x'.repeat(5000), requestHash: 'f'.repeat(64) }
    const text = baselineText(content([long]))
    expect(text.length).toBeLessThan(1500)
    const b = readBaseline(writeTo(text))
    expect(b.samples[0]!.output).toHaveLength(200)
    expect(b.samples[0]!.requestHash).toBe('f'.repeat(16))
  })

  it('refuses a newer format version, naming the file, line and key', () => {
    const text = baselineText(content()).replace(`"formatVersion": ${BASELINE_FORMAT_VERSION}`, '"formatVersion": 99')
    const error = catchError(() => readBaseline(writeTo(text), 'baselines/main.json'))
    expect(error.code).toBe('BASELINE_INVALID')
    expect(error.issues[0]).toMatchObject({ file: 'baselines/main.json', line: 2, path: 'formatVersion' })
    expect(error.issues[0]!.message).toMatch(/newer than this evals supports \(1\); upgrade evals/)
  })

  it('reports a bad sample line and a JSON syntax error at their lines', () => {
    const text = baselineText(content()).replace('"outcome":"fail"', '"outcome":"maybe"')
    const bad = catchError(() => readBaseline(writeTo(text), 'b.json'))
    const line = text.split('\n').findIndex((l) => l.includes('"maybe"')) + 1
    expect(bad.issues[0]).toMatchObject({ file: 'b.json', line, path: 'samples[3].outcome' })
    const syntax = catchError(() => readBaseline(writeTo('{\n  "formatVersion": 1,\n  "name": \n}\n'), 'c.json'))
    expect(syntax.issues[0]).toMatchObject({ file: 'c.json', line: 4 })
    expect(syntax.issues[0]!.message).toMatch(/^JSON syntax/)
    expect(catchError(() => readBaseline('/nonexistent/x.json', 'x.json')).issues[0]!.message).toMatch(/file not found/)
  })
})

describe('case history', () => {
  it('returns per-case counts of the newest runs of a suite, oldest first, without excluded runs', () => {
    const store = openStore(join(tmp(), 'evals.db'))
    try {
      for (const [i, outcome] of (['pass', 'fail', 'pass', 'fail'] as const).entries()) {
        const id = `run-${i}`
        store.beginRun(makeRun({ id, startedAt: `2026-01-0${i + 1}T10:00:00.000Z` }))
        store.recordSample(id, { ...passSample, outcome, requestHash: i < 2 ? 'old' : 'new' })
        store.recordSample(id, { ...passSample, key: { ...passSample.key, resultIndex: 1 }, outcome: 'pass', requestHash: i < 2 ? 'old' : 'new' })
        store.recordSample(id, { ...bareErrorSample })
        store.finishRun(id, 'completed', `2026-01-0${i + 1}T10:01:00.000Z`)
      }
      const rows = store.caseHistory(['capitals'], { limit: 3, exclude: ['run-3'] })
      expect(rows.map((r) => r.runId)).toEqual(['run-0', 'run-1', 'run-2'])
      expect(rows[1]).toEqual({ runId: 'run-1', suite: 'capitals', caseId: 'france', variant: 'low', passed: 1, failed: 1, errors: 0, fingerprint: 'old,old' })
      expect(rows[2]!.fingerprint).toBe('new,new')
      expect(store.caseHistory(['capitals'], { limit: 2 }).map((r) => r.runId)).toEqual(['run-2', 'run-3'])
      expect(store.caseHistory(['arith'], { limit: 0 })).toEqual([])
    } finally {
      store.close()
    }
  })
})

function writeTo(text: string): string {
  const file = join(tmp(), 'b.json')
  writeFileSync(file, text)
  return file
}

function catchError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

