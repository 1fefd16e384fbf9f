import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunMeta, SampleRecord } from '../../src/core/index.js'
import { summarizeSamples } from '../../src/compare/index.js'
import { buildRunPageModel, renderRunPage } from '../../src/report/index.js'
import { writeRunPage } from '../../src/cli/report-page.js'
import { cases, run } from '../compare/helpers.js'

/** The page written in pieces from stored samples, against the page rendered whole. */

// Two suites whose cases c0..c11 are defined in that order; the store sorts ids as text (c10 before c2).
const head = run('head', { capitals: { default: cases(12, (i) => (i % 3 ? 'PPF' : 'PEP')) }, levels: { low: cases(12, 'PF'), high: cases(12, 'FP') } })
// Outputs in several scripts, some long enough to fill the writer's buffer or to pass it by.
head.samples = head.samples.map((s, i) => (s.output === undefined ? s : { ...s, output: `Zürich — 東京 🎉 ${i} `.repeat(i % 5 === 0 ? 3_000 : 40) }))
const meta: RunMeta = { id: head.id, startedAt: '2026-01-01T10:00:00.000Z', status: 'completed', provider: 'emulator', model: 'm', config: {}, plannedSamples: head.samples.length }
const summary = summarizeSamples(head.samples, new Map(head.suites.map((s) => [s.name, s.pass])), head.suites.map((s) => ({ name: s.name, variants: s.variants })))
const whole = renderRunPage(buildRunPageModel(meta, summary, head.samples))

function storedOrder(samples: readonly SampleRecord[]): SampleRecord[] {
  const text = (s: SampleRecord): string => [s.key.suite, s.key.caseId, s.key.variant].join('\u0000')
  return [...samples].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : a.key.seed - b.key.seed))
}

function written(): { html: string; left: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'evals-page-'))
  const file = join(dir, 'index.html')
  writeRunPage(file, { meta, summary, figures: head.samples, extras: {} }, storedOrder(head.samples))
  return { html: readFileSync(file, 'utf8'), left: readdirSync(dir) }
}

describe('writeRunPage', () => {
  it('is the page rendered whole, although the store gives the cases in another order', () => {
    expect(storedOrder(head.samples).map((s) => s.key.caseId).slice(0, 12)).not.toEqual(head.samples.map((s) => s.key.caseId).slice(0, 12))
    const { html, left } = written()
    expect(html).toBe(whole)
    expect(left).toEqual(['index.html']) // the file of rows set aside is gone
  })
})
