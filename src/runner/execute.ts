import type { ErrorInfo, GenerateResponse, SampleRecord } from '../core/index.js'
import { createTemplateRenderer } from '../config/index.js'
import { ProviderError, type Provider } from '../provider/index.js'
import { createGrader, scoreSample, type Judge } from '../graders/index.js'
import type { PlannedRequest, RunPlan } from './plan.js'
import type { ExecuteOutcome, RunListener } from './listener.js'
import { isCacheable, type CachedResponse, type ResponseCache } from './cache.js'
import type { CostBudget } from './budget.js'

export interface ExecuteOptions {
  provider: Provider
  concurrency: number
  listeners: RunListener[]
  /** When aborted, no new request starts; requests in flight finish and are recorded. */
  signal?: AbortSignal
  /** Serve requests from this cache when it has them; complete successful responses are put in it. */
  cache?: ResponseCache
  /** `--max-cost`: no request starts once the budget would be exceeded. */
  budget?: CostBudget
  /** The judge of llm-rubric assertions (a provider with the project's judge settings). */
  judge?: Judge
  /** The project root, which javascript assertion files are relative to. */
  root?: string
}

/**
 * Run every planned request with bounded concurrency, grade each sample and hand it to
 * the listeners as soon as it is known. Per-sample failures are data, never exceptions.
 */
export async function executeRun(plan: RunPlan, options: ExecuteOptions): Promise<ExecuteOutcome> {
  const grade = createSampleGrader(options)
  const counts = { total: 0, pass: 0, fail: 0, error: 0 }
  const emit = (sample: SampleRecord): void => {
    counts.total++
    counts[sample.outcome]++
    for (const l of options.listeners) l.onSampleEnd?.(sample)
  }
  for (const l of options.listeners) l.onRunStart?.(plan)
  const later = new Deferred()
  let next = 0
  const { budget, cache } = options
  const finish = async (planned: PlannedRequest, answer: Answer): Promise<void> => {
    const samples = await samplesOf(planned, answer, grade)
    budget?.settle(planned, samples)
    for (const sample of samples) emit(sample)
  }
  const worker = async (): Promise<void> => {
    while (next < plan.requests.length && !options.signal?.aborted && !later.failed) {
      if (budget && !budget.admit(plan.requests[next]!)) return
      const planned = plan.requests[next++]!
      const answer = await answerOf(planned, options.provider, cache)
      // An answer from the network is graded and stored after this worker's next request is
      // on its way (see Deferred); a cached one at once, as nothing waits on it.
      if (answer.kind === 'response') later.add(() => finish(planned, answer))
      else await finish(planned, answer)
    }
  }
  const width = Math.max(1, Math.min(options.concurrency, plan.requests.length))
  try {
    await Promise.all(Array.from({ length: width }, worker))
    await later.settled()
  } finally {
    options.cache?.flush?.()
  }
  const outcome: ExecuteOutcome = { interrupted: counts.total < plan.sampleCount, samples: counts }
  if (budget?.exhausted) outcome.budgetStop = { spentUsd: budget.spentUsd, notStarted: plan.sampleCount - counts.total }
  for (const l of options.listeners) l.onRunEnd?.(outcome)
  return outcome
}

/**
 * Work run in a later turn of the event loop (setImmediate). When several answers arrive
 * together, each worker sends its next request before any of them is graded and stored, so the
 * server is never kept waiting on the harness's own bookkeeping. The first failure stops the
 * workers and is thrown by `settled`.
 */
class Deferred {
  private readonly pending = new Set<Promise<void>>()
  private failure: { error: unknown } | undefined

  get failed(): boolean {
    return this.failure !== undefined
  }

  add(task: () => Promise<void>): void {
    const done = new Promise<void>((resolve) => setImmediate(resolve)).then(task).catch((error: unknown) => {
      this.failure ??= { error }
    })
    this.pending.add(done)
    void done.finally(() => this.pending.delete(done))
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending)
    if (this.failure) throw this.failure.error
  }
}

/** A sample with an output, before grading. */
type UngradedSample = Omit<SampleRecord, 'grades' | 'score' | 'outcome'> & { output: string }
type SampleGrader = (planned: PlannedRequest, sample: UngradedSample) => Promise<SampleRecord>

/**
 * Grade a sample (the judge, when an assertion needs it, is asked here). A judge failure
 * makes the sample an error (kind `grader`) that keeps its output and grades.
 */
function createSampleGrader(options: Pick<ExecuteOptions, 'judge' | 'root'>): SampleGrader {
  const grader = createGrader({ judge: options.judge, root: options.root })
  const renderer = createTemplateRenderer()
  return async (planned, sample) => {
    const vars = planned.case.vars
    const { grades, error } = await grader.gradeSample(planned.case.assert, {
      ...sample,
      vars,
      render: (template, extra) => renderer.render(template, extra ? { ...vars, ...extra } : vars),
    })
    if (error) return { ...sample, grades, outcome: 'error', error }
    const { score, pass } = scoreSample(grades, planned.case.threshold)
    return { ...sample, grades, score, outcome: pass ? 'pass' : 'fail' }
  }
}

/** What a request got: its render error, a cached response, a provider error, or a response. */
type Answer =
  | { kind: 'render'; error: ErrorInfo }
  | { kind: 'cached'; hit: CachedResponse }
  | { kind: 'error'; error: ErrorInfo; attempts: number }
  | { kind: 'response'; response: GenerateResponse }

async function answerOf(planned: PlannedRequest, provider: Provider, cache?: ResponseCache): Promise<Answer> {
  if (planned.renderError) return { kind: 'render', error: planned.renderError }
  const hit = cache?.get(planned.requestHash, planned.request.numberResults)
  if (hit) return { kind: 'cached', hit }
  let response: GenerateResponse
  try {
    response = await provider.generate(planned.request)
  } catch (error) {
    return { kind: 'error', error: toErrorInfo(error), attempts: error instanceof ProviderError ? error.attempts : 1 }
  }
  if (cache && isCacheable(response, planned.request.numberResults)) cache.put(planned.requestHash, response)
  return { kind: 'response', response }
}

function samplesOf(planned: PlannedRequest, answer: Answer, grade: SampleGrader): Promise<SampleRecord[]> | SampleRecord[] {
  switch (answer.kind) {
    case 'render':
      return errorSamples(planned, answer.error, 0)
    case 'error':
      return errorSamples(planned, answer.error, answer.attempts)
    case 'cached':
      return cachedSamples(planned, answer.hit, grade)
    case 'response':
      return responseSamples(planned, answer.response, grade)
  }
}

function responseSamples(planned: PlannedRequest, response: GenerateResponse, grade: SampleGrader): Promise<SampleRecord[]> {
  return Promise.all(planned.keys.map((key) => {
    const i = key.resultIndex
    const result = response.results[i]
    if (!result) {
      // Partial results (async/webhook out of time, a failed generation): the cause the provider gave.
      const info: ErrorInfo = response.missing ?? { kind: 'bad_response', code: 'MISSING_RESULT', message: `result ${i} missing from the response` }
      return { key, requestHash: planned.requestHash, outcome: 'error', attempts: response.attempts, grades: [], error: info } satisfies SampleRecord
    }
    return grade(planned, {
      key,
      requestHash: planned.requestHash,
      output: result.text,
      finishReason: result.finishReason,
      latencyMs: response.latencyMs,
      usage: result.usage,
      costUsd: result.costUsd,
      ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
      ...(response.ttftMs !== undefined ? { ttftMs: response.ttftMs } : {}),
      attempts: response.attempts,
    })
  }))
}

/** Samples of a cached response: cost 0 (what it cost first is `savedCostUsd`), no HTTP attempt. */
function cachedSamples(planned: PlannedRequest, hit: CachedResponse, grade: SampleGrader): Promise<SampleRecord[]> {
  return Promise.all(planned.keys.map((key) => {
    const result = hit.results[key.resultIndex]!
    return grade(planned, {
      key,
      requestHash: planned.requestHash,
      output: result.text,
      finishReason: result.finishReason,
      ...(hit.latencyMs === undefined ? {} : { latencyMs: hit.latencyMs }),
      usage: result.usage,
      costUsd: 0,
      ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
      attempts: 0,
      cached: true,
      ...(result.costUsd === undefined ? {} : { savedCostUsd: result.costUsd }),
    })
  }))
}

function errorSamples(planned: PlannedRequest, error: ErrorInfo, attempts: number): SampleRecord[] {
  return planned.keys.map((key) => ({ key, requestHash: planned.requestHash, outcome: 'error', attempts, grades: [], error }))
}

function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ProviderError) return error.toInfo()
  const message = error instanceof Error ? error.message : String(error)
  return { kind: 'network', code: 'UNEXPECTED', message }
}
