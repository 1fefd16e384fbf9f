import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SampleRecord } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import { makeRun, passSample } from './fixtures.js'

describe('tool calls and time to first token', () => {
  it('are stored with the sample and read back as written', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'evals-store-')), 'evals.db'))
    try {
      const run = makeRun()
      store.beginRun(run)
      const called: SampleRecord = {
        ...passSample,
        output: '',
        finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo', days: 3, nested: { unit: 'celsius' } } }],
        ttftMs: 42.5,
      }
      const plain: SampleRecord = { ...passSample, key: { ...passSample.key, resultIndex: 1 } }
      store.recordSample(run.id, called)
      store.recordSample(run.id, plain)
      const [first, second] = store.loadSamples(run.id)
      expect(first).toEqual(called)
      expect(second).toEqual(plain)
      expect(second).not.toHaveProperty('toolCalls')
      expect(second).not.toHaveProperty('ttftMs')
    } finally {
      store.close()
    }
  })
})
