import { expect, it } from 'vitest'
import type { SampleRecord } from '../../src/core/index.js'
import { sampleFigures } from '../../src/compare/index.js'
import { useTempStores } from './temp-stores.js'
import { bareErrorSample, errorSample, failSample, makeRun, passSample } from './fixtures.js'

/** `iterateFigures` reads figures straight from SQL; they must equal the figures of the whole samples. */

const stores = useTempStores('evals-figures-')

const judged: SampleRecord = {
  ...passSample,
  key: { ...passSample.key, caseId: 'peru' },
  grades: [
    { type: 'icontains', pass: true, score: 1, reason: 'contains "lima"', weight: 1 },
    { type: 'llm-rubric', pass: true, score: 0.9, reason: 'judge: right', weight: 1,
      judge: { model: 'j', calls: 3, agreement: 2 / 3, latencyMs: 41.5, costUsd: 0.0021, usage: { promptTokens: 300, completionTokens: 60, totalTokens: 360, thinkingTokens: 768 } } },
    { type: 'llm-rubric', pass: false, score: 0, reason: 'judge error', weight: 1, judge: { model: 'j', calls: 1, latencyMs: 0 } },
  ],
}
const cached: SampleRecord = { ...passSample, key: { ...passSample.key, caseId: 'spain' }, costUsd: 0, cached: true, savedCostUsd: 0.5, attempts: 0 }
const noUsage: SampleRecord = { ...failSample, key: { ...failSample.key, caseId: 'italy' }, usage: undefined, latencyMs: undefined, costUsd: undefined }

it('gives the figures of every sample, judges included, in the order of iterateSamples', () => {
  const store = stores.open()
  const run = makeRun({ plannedSamples: 7 })
  store.beginRun(run)
  store.recordSamples(run.id, [judged, errorSample, cached, passSample, noUsage, failSample, { ...bareErrorSample, key: { ...bareErrorSample.key, suite: 'capitals' } }])
  const expected = Array.from(store.iterateSamples(run.id), (s) => sampleFigures(s))
  const figures = Array.from(store.iterateFigures(run.id))
  expect(figures).toHaveLength(7)
  expect(figures).toEqual(expected)
  expect(figures.find((f) => f.key.caseId === 'peru')?.grades).toHaveLength(2)
  expect(figures.find((f) => f.key.caseId === 'spain')).toMatchObject({ cached: true, savedCostUsd: 0.5 })
  expect(figures.find((f) => f.key.caseId === 'italy')?.usage).toBeUndefined()
})
