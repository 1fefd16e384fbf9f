import type { RunMeta, SampleRecord } from '../../src/core/index.js'

export function makeRun(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    id: 'run-0001-aaaa',
    startedAt: '2026-01-01T10:00:00.000Z',
    status: 'running',
    provider: 'emulator',
    model: 'openai:gpt-5-mini@1',
    gitCommit: 'abc1234',
    config: { suites: ['capitals'], concurrency: 4, nested: { list: [1, 2, 3] } },
    plannedSamples: 3,
    ...overrides,
  }
}

export const passSample: SampleRecord = {
  key: { suite: 'capitals', caseId: 'france', variant: 'low', seed: 11, resultIndex: 0 },
  requestHash: 'hash-a',
  outcome: 'pass',
  output: 'Paris',
  finishReason: 'stop',
  latencyMs: 123.5,
  usage: { promptTokens: 20, completionTokens: 5, totalTokens: 25, thinkingTokens: 0 },
  costUsd: 0.00012,
  attempts: 1,
  grades: [
    { type: 'icontains', pass: true, score: 1, reason: 'contains "paris"', weight: 1 },
    { type: 'equals', pass: true, score: 1, reason: 'equals "Paris"', weight: 0 },
  ],
  score: 1,
}

export const failSample: SampleRecord = {
  key: { suite: 'capitals', caseId: 'france', variant: 'low', seed: 11, resultIndex: 1 },
  requestHash: 'hash-a',
  outcome: 'fail',
  output: 'Lyon',
  finishReason: 'stop',
  latencyMs: 123.5,
  usage: { promptTokens: 20, completionTokens: 5, totalTokens: 25, thinkingTokens: 3 },
  costUsd: 0.0002,
  attempts: 2,
  grades: [{ type: 'not-regex', pass: false, score: 0, reason: 'expected not matches /Lyon/, found "Lyon"', weight: 2 }],
  score: 0,
}

export const errorSample: SampleRecord = {
  key: { suite: 'capitals', caseId: 'chile', variant: 'high', seed: 23, resultIndex: 0 },
  requestHash: 'hash-b',
  outcome: 'error',
  attempts: 3,
  grades: [],
  error: { kind: 'rate_limit', code: 'rateLimitExceeded', message: 'Too many requests', status: 429, parameter: 'model' },
}

/** Minimal error: no optional fields at all. */
export const bareErrorSample: SampleRecord = {
  key: { suite: 'arith', caseId: 'sum', variant: 'default', seed: 1, resultIndex: 0 },
  requestHash: 'hash-c',
  outcome: 'error',
  attempts: 1,
  grades: [],
  error: { kind: 'timeout', code: 'TIMEOUT', message: 'timed out' },
}
