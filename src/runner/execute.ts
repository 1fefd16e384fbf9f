import type { ErrorInfo, GenerateResponse, GenerateResult, SampleRecord } from '../core/index.js'
import { createTemplateRenderer } from '../config/index.js'
import { ProviderError, type Provider } from '../provider/index.js'
import { createGrader, scoreSample } from '../graders/index.js'
import type { PlannedRequest, RunPlan } from './plan.js'
import type { ExecuteOutcome, RunListener } from './listener.js'

export interface ExecuteOptions {
  provider: Provider
  concurrency: number
  listeners: RunListener[]
  /** When aborted, no new request starts; requests in flight finish and are recorded. */
  signal?: AbortSignal
}

/**
 * Run every planned request with bounded concurrency, grade each sample and hand it to
 * the listeners as soon as it is known. Per-sample failures are data, never exceptions.
 */
export async function executeRun(plan: RunPlan, options: ExecuteOptions): Promise<ExecuteOutcome> {
  const grade = createSampleGrader()
  const counts = { total: 0, pass: 0, fail: 0, error: 0 }
  const emit = (sample: SampleRecord): void => {
    counts.total++
    counts[sample.outcome]++
    for (const l of options.listeners) l.onSampleEnd?.(sample)
  }
  for (const l of options.listeners) l.onRunStart?.(plan)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < plan.requests.length && !options.signal?.aborted) {
      const planned = plan.requests[next++]!
      for (const sample of await runRequest(planned, options.provider, grade)) emit(sample)
    }
  }
  const width = Math.max(1, Math.min(options.concurrency, plan.requests.length))
  await Promise.all(Array.from({ length: width }, worker))
  const outcome = { interrupted: counts.total < plan.sampleCount, samples: counts }
  for (const l of options.listeners) l.onRunEnd?.(outcome)
  return outcome
}

type SampleGrader = (planned: PlannedRequest, result: GenerateResult) => Pick<SampleRecord, 'grades' | 'score' | 'outcome'>

function createSampleGrader(): SampleGrader {
  const grader = createGrader()
  const renderer = createTemplateRenderer()
  return (planned, result) => {
    const vars = planned.case.vars
    const grades = grader.gradeSample(planned.case.assert, {
      output: result.text,
      vars,
      render: (template) => renderer.render(template, vars),
    })
    const { score, pass } = scoreSample(grades, planned.case.threshold)
    return { grades, score, outcome: pass ? 'pass' : 'fail' }
  }
}

async function runRequest(planned: PlannedRequest, provider: Provider, grade: SampleGrader): Promise<SampleRecord[]> {
  if (planned.renderError) return errorSamples(planned, planned.renderError, 0)
  let response: GenerateResponse
  try {
    response = await provider.generate(planned.request)
  } catch (error) {
    return errorSamples(planned, toErrorInfo(error), error instanceof ProviderError ? error.attempts : 1)
  }
  return planned.keys.map((key, i) => {
    const result = response.results[i]
    if (!result) {
      const info: ErrorInfo = { kind: 'bad_response', code: 'MISSING_RESULT', message: `result ${i} missing from the response` }
      return { key, requestHash: planned.requestHash, outcome: 'error', attempts: response.attempts, grades: [], error: info }
    }
    return {
      key,
      requestHash: planned.requestHash,
      output: result.text,
      finishReason: result.finishReason,
      latencyMs: response.latencyMs,
      usage: result.usage,
      costUsd: result.costUsd,
      attempts: response.attempts,
      ...grade(planned, result),
    }
  })
}

function errorSamples(planned: PlannedRequest, error: ErrorInfo, attempts: number): SampleRecord[] {
  return planned.keys.map((key) => ({ key, requestHash: planned.requestHash, outcome: 'error', attempts, grades: [], error }))
}

function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ProviderError) return error.toInfo()
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'network', code: 'UNEXPECTED', message }
}
