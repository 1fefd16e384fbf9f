import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SampleRecord } from '../../src/core/index.js'
import { openStore } from '../../src/store/index.js'
import { makeRun, passSample } from './fixtures.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'evals-store-judge-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const judged: SampleRecord = {
  ...passSample,
  costUsd: 0.0001,
  grades: [
    { type: 'icontains', pass: true, score: 1, reason: 'contains "paris"', weight: 1 },
    {
      type: 'llm-rubric', pass: true, score: 0.9, reason: 'judge score ≥ 0.5; judge: "right"', weight: 1,
      judge: {
        model: 'openai:gpt@5-mini', calls: 3, agreement: 2 / 3, latencyMs: 41.5, costUsd: 0.0021,
        usage: { promptTokens: 300, completionTokens: 60, totalTokens: 360, thinkingTokens: 768 },
      },
    },
    { type: 'llm-rubric', pass: false, score: 0, reason: 'judge error: failed', weight: 1, judge: { model: 'm', calls: 1, latencyMs: 0 } },
  ],
}

describe('judge records in the store', () => {
  it('round-trips a grade\'s judge record, apart from the sample\'s cost', () => {
    const file = join(dir, 'runs.db')
    const store = openStore(file)
    const run = makeRun()
    store.beginRun(run)
    store.recordSample(run.id, judged)
    const [back] = store.loadSamples(run.id)
    const [listed] = store.listRuns()
    store.close()
    expect(listed).toMatchObject({ costUsd: 0.0001, judgeCostUsd: 0.0021 })
    expect(back!.grades).toEqual(judged.grades)
    expect(back!.costUsd).toBe(0.0001)

    const db = new Database(file, { readonly: true })
    const rows = db.prepare('SELECT type, judge_model, judge_calls, judge_cost_usd, judge_thinking_tokens FROM grades ORDER BY ordinal').all()
    const sampleCost = db.prepare('SELECT cost_usd FROM samples').pluck().get()
    db.close()
    expect(rows).toEqual([
      { type: 'icontains', judge_model: null, judge_calls: null, judge_cost_usd: null, judge_thinking_tokens: null },
      { type: 'llm-rubric', judge_model: 'openai:gpt@5-mini', judge_calls: 3, judge_cost_usd: 0.0021, judge_thinking_tokens: 768 },
      { type: 'llm-rubric', judge_model: 'm', judge_calls: 1, judge_cost_usd: null, judge_thinking_tokens: null },
    ])
    expect(sampleCost).toBe(0.0001)
  })
})
