/**
 * One `textInference` task of the emulator: validated, remembered (for conflictTaskUUID),
 * synthesized, then delivered `sync` (after the simulated latency), `async` (an
 * acknowledgment now, results through getResponse once ready) and, with a webhookURL, also
 * POSTed to the webhook. Stream tasks are prepared here and written by stream.ts.
 */
import type { WireError } from './errors.js'
import type { EmulatorState } from './state.js'
import { rememberTask } from './state.js'
import { latencyOf, resultItem, synthesizeResults, type SynthesizedResult } from './synthesize.js'
import { validateTextInference, type TextTask } from './validate.js'

export interface TaskOutcome {
  data: unknown[]
  errors: WireError[]
}

export interface PreparedStream {
  task: TextTask
  results: SynthesizedResult[]
}

function validate(raw: Record<string, unknown>, state: EmulatorState) {
  return validateTextInference(raw, { ...state.validation, findTask: (uuid) => state.tasks.get(uuid) })
}

/** A sync task answers `latency` after `arrivedAt` (when its request arrived), not after its own processing. */
export async function runTextInference(raw: Record<string, unknown>, state: EmulatorState, taskError: boolean, arrivedAt = state.now()): Promise<TaskOutcome> {
  const { task, errors } = validate(raw, state)
  if (!task) return { data: [], errors }
  if (task.deliveryMethod === 'stream') {
    const message = 'a stream task must be the only task of its request (and is not offered over WebSocket)'
    return { data: [], errors: [{ code: 'unsupportedParameter', message, parameter: 'deliveryMethod', taskType: 'textInference', taskUUID: task.taskUUID }] }
  }
  // Registered before the first await, so a duplicate later in the same batch conflicts.
  rememberTask(state, task.taskUUID, task.deliveryMethod)
  const results = synthesizeResults(task, task.seed ?? state.randomSeed(), state.synthesis)
  const items = results.map((r) => resultItem(task, r, state.script))
  const latencies = results.map((r) => latencyOf(r, state.script))
  const failure = taskError ? providerFailure(task.taskUUID) : undefined
  if (task.deliveryMethod === 'async') {
    const { delayMs, perResultDelayMs } = state.script.async
    const start = state.now() + delayMs
    const readyAt = latencies.map((l, k) => start + k * perResultDelayMs + l)
    state.jobs.add({ taskUUID: task.taskUUID, items, readyAt, createdAt: state.now(), ...(failure ? { failure } : {}) })
    if (task.webhookURL) scheduleWebhooks(state, task, items, readyAt, failure)
    return { data: [{ taskType: 'textInference', taskUUID: task.taskUUID }], errors: [] }
  }
  await state.sleep(Math.max(0, ...latencies) - (state.now() - arrivedAt))
  if (task.webhookURL) scheduleWebhooks(state, task, items, items.map(() => state.now()), failure)
  return failure ? { data: [], errors: [failure] } : { data: items, errors: [] }
}

/** A stream task, validated and synthesized; or its validation errors. */
export function prepareStream(raw: Record<string, unknown>, state: EmulatorState): { prepared?: PreparedStream; errors: WireError[] } {
  const { task, errors } = validate(raw, state)
  if (!task) return { errors }
  rememberTask(state, task.taskUUID, task.deliveryMethod)
  return { prepared: { task, results: synthesizeResults(task, task.seed ?? state.randomSeed(), state.synthesis) }, errors: [] }
}

/** A generation that failed at the model provider (the injected `task_error`). */
export function providerFailure(taskUUID: string): WireError {
  const message = 'the model provider did not answer in time (injected task_error)'
  return { code: 'timeoutProvider', message, taskType: 'textInference', taskUUID, status: 504 }
}

function scheduleWebhooks(state: EmulatorState, task: TextTask, items: Array<Record<string, unknown>>, readyAt: number[], failure?: WireError): void {
  const url = task.webhookURL!
  items.forEach((item, k) => {
    const body = failure ? { errors: [{ ...stripHttpStatus(failure), status: 'error' }] } : { data: [item] }
    state.webhooks.schedule(task.taskUUID, url, body, readyAt[k]! - state.now())
  })
}

function stripHttpStatus(error: WireError): WireError {
  const { status: _s, ...rest } = error
  return rest
}

/** `getResponse`: the current state of an async task. */
export function getResponse(raw: Record<string, unknown>, state: EmulatorState): TaskOutcome {
  const uuid = raw.taskUUID
  const base = { taskType: 'getResponse', parameter: 'taskUUID' }
  if (typeof uuid !== 'string' || uuid === '') {
    return { data: [], errors: [{ code: 'missingTaskUUID', message: 'getResponse needs the taskUUID of the async task', ...base }] }
  }
  const job = state.jobs.get(uuid)
  if (job) return state.jobs.state(job)
  if (state.script.async.unknownTask === 'empty') return { data: [], errors: [] }
  const message = `no task ${uuid}: it was never submitted as async, failed, or expired`
  return { data: [], errors: [{ code: 'taskFailedOrNotFound', message, ...base, taskUUID: uuid, status: 400 }] }
}
