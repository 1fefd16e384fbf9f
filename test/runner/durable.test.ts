import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GenerateRequest, SampleKey, SampleRecord } from '../../src/core/index.js'
import { loadProject } from '../../src/config/index.js'
import {
  CostBudget, planRun, remainingPlan, requestHashOf, requestText, selectShard, worstCaseCost, TRANSPORT_ONLY_FIELDS,
  type PlannedRequest, type RunPlan,
} from '../../src/runner/index.js'

/** Request identity (the cache key), shards, resume plans and the cost budget: pure functions of the runner. */

const FIXTURE = join(__dirname, '..', 'fixtures', 'config', 'valid')

const full: Required<Omit<GenerateRequest, 'deliveryMethod' | 'delivery'>> = {
  model: 'openai:gpt@5-mini',
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  settings: { systemPrompt: 'Be brief.', maxTokens: 256, thinkingLevel: 'low' },
  seed: 11,
  numberResults: 2,
  outputFormat: 'JSON',
  jsonSchema: { name: 'x', schema: { type: 'object' } },
  tools: [{ type: 'function', name: 'lookup', schema: { type: 'object' } }],
  toolChoice: { type: 'auto' },
  images: ['https://example.com/a.png'],
}

/** One change per field that can change the answer. */
const CHANGES: Array<[string, Partial<GenerateRequest>]> = [
  ['model', { model: 'openai-gpt-5-mini' }],
  ['messages', { messages: [{ role: 'user', content: 'What is the capital of Peru?' }] }],
  ['settings.systemPrompt', { settings: { ...full.settings, systemPrompt: 'Be verbose.' } }],
  ['settings.maxTokens', { settings: { ...full.settings, maxTokens: 257 } }],
  ['settings.thinkingLevel', { settings: { ...full.settings, thinkingLevel: 'high' } }],
  ['seed', { seed: 12 }],
  ['numberResults', { numberResults: 3 }],
  ['outputFormat', { outputFormat: 'TEXT' }],
  ['jsonSchema', { jsonSchema: { name: 'x', schema: { type: 'array' } } }],
  ['tools', { tools: [{ type: 'search' }] }],
  ['toolChoice', { toolChoice: { type: 'tool', name: 'lookup' } }],
  ['images', { images: ['https://example.com/b.png'] }],
]

describe('request identity', () => {
  it('changes with every field that determines the output (every field of a full request is covered)', () => {
    const base = requestHashOf(full)
    const seen = new Set<string>()
    for (const [field, change] of CHANGES) {
      expect(requestHashOf({ ...full, ...change }), field).not.toBe(base)
      seen.add(field.split('.')[0]!)
    }
    expect([...seen].sort()).toEqual(Object.keys(full).sort())
  })

  it('includes a field added to requests later unless it is named transport-only', () => {
    const withNew = { ...full, reasoningSummary: 'auto' } as GenerateRequest
    expect(requestHashOf(withNew)).not.toBe(requestHashOf(full))
  })

  it('ignores only transport: how the answer travels back', () => {
    expect(TRANSPORT_ONLY_FIELDS).toEqual(expect.arrayContaining(['deliveryMethod', 'delivery']))
    const streamed: GenerateRequest = { ...full, deliveryMethod: 'stream', delivery: { pollIntervalMs: 50 } }
    expect(requestHashOf(streamed)).toBe(requestHashOf(full))
    expect(requestText(streamed)).not.toContain('stream')
  })

  it('is the request hash of the plan; a thinkingLevel change touches only its variant', () => {
    const project = loadProject(FIXTURE)
    const before = planRun(project)
    const suite = project.suites.find((s) => s.name === 'capitals')!
    suite.variants[1]!.settings = { ...suite.variants[1]!.settings, thinkingLevel: 'medium' }
    const after = planRun(project)
    for (const [i, r] of before.requests.entries()) {
      expect(r.requestHash).toBe(requestHashOf(r.request))
      const changed = after.requests[i]!.requestHash !== r.requestHash
      expect(changed).toBe(r.suite.name === 'capitals' && r.variant.name === 'high')
    }
  })
})

function keysOf(plan: RunPlan): string[] {
  return plan.requests.flatMap((r) => r.keys.map((k) => `${k.suite}/${k.caseId}/${k.variant}/${k.seed}/${k.resultIndex}`))
}

describe('shards', () => {
  it('are disjoint, deterministic, balanced and cover the plan', () => {
    const plan = planRun(loadProject(FIXTURE))
    const parts = [1, 2, 3].map((index) => selectShard(plan, { index, count: 3 }))
    const all = parts.flatMap(keysOf)
    expect(new Set(all).size).toBe(all.length)
    expect(all.sort()).toEqual(keysOf(plan).sort())
    expect(parts.reduce((n, p) => n + p.sampleCount, 0)).toBe(plan.sampleCount)
    const sizes = parts.map((p) => p.requests.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(keysOf(selectShard(planRun(loadProject(FIXTURE)), { index: 2, count: 3 }))).toEqual(keysOf(parts[1]!))
    expect(selectShard(plan, { index: 1, count: 1 })).toBe(plan)
  })
})

describe('resume plan', () => {
  it('keeps exactly the samples not yet stored, narrowing half-stored requests', () => {
    const plan = planRun(loadProject(FIXTURE))
    const first = plan.requests[0]!
    const done = new Set([...plan.requests.slice(1, 3).flatMap((r) => r.keys), first.keys[0]!].map((k) => JSON.stringify(k)))
    const rest = remainingPlan(plan, (key: SampleKey) => done.has(JSON.stringify(key)))
    expect(rest.sampleCount).toBe(plan.sampleCount - done.size)
    expect(rest.requests[0]!.keys).toEqual(first.keys.slice(1))
    expect(keysOf(rest).length + done.size).toBe(plan.sampleCount)
    expect(remainingPlan(plan, () => true).requests).toEqual([])
  })
})

describe('cost budget', () => {
  const plan = planRun(loadProject(FIXTURE))
  const sample = (cost: number): SampleRecord => ({ ...({} as SampleRecord), costUsd: cost })

  it('admits requests while spent + reserved + the next estimate stays within the budget, then refuses all', () => {
    const budget = new CostBudget(0.01, () => ({ usd: 0.004, basis: 'history' }))
    const [a, b, c, d] = plan.requests as PlannedRequest[]
    expect(budget.admit(a!)).toBe(true)
    expect(budget.admit(b!)).toBe(true)
    expect(budget.admit(c!)).toBe(false)
    budget.settle(a!, [sample(0.001), sample(0.001)])
    expect(budget.admit(d!)).toBe(false) // the first refusal stops the run
    expect(budget.exhausted).toBe(true)
    expect(budget.spentUsd).toBeCloseTo(0.002, 12)
  })

  it('worst case: the prompt at list price plus all of maxTokens per sample', () => {
    const request: GenerateRequest = { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(400) }], settings: { maxTokens: 1000 }, seed: 1, numberResults: 2 }
    const cost = worstCaseCost(request, 2)
    expect(cost).toBeGreaterThan(2 * 1000 * 2e-6)
    expect(cost).toBeLessThan(2 * (1000 * 2e-6 + 200 * 0.25e-6))
  })
})
