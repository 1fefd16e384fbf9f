/**
 * One POST /v1 request: authentication, the injected fault (if any), routing of each task
 * by taskType, and the envelope `{data, errors}` with its HTTP status
 * (runware-text-inference.md §12.1). A request whose only task is a stream task becomes
 * a stream reply instead.
 */
import { isRecord, type WireError } from './errors.js'
import type { FaultSpec } from './script-protocol.js'
import type { EmulatorState } from './state.js'
import { getResponse, prepareStream, runTextInference, type PreparedStream, type TaskOutcome } from './text-task.js'

export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'stream'; prepared: PreparedStream; fault?: FaultSpec }
  /** Close the connection without an answer. */
  | { kind: 'reset' }
  /** A 200 whose body is cut mid-JSON. */
  | { kind: 'malformed' }

export async function handleBatch(bodyText: string, authorization: string | undefined, state: EmulatorState, arrivedAt = state.now()): Promise<Reply> {
  state.counters.requests++
  const body = parseJson(bodyText)
  const elements = Array.isArray(body) ? body : undefined
  const authTask = elements && isRecord(elements[0]) && elements[0].taskType === 'authentication' ? elements[0] : undefined
  const authError = checkAuth(authTask ? authTask.apiKey : bearerToken(authorization), state)
  if (authError) return failure(authError.status, authError.error)
  const tasks = authTask ? elements!.slice(1) : elements
  if (!tasks || tasks.length === 0) {
    const found = elements ? 'an array without tasks' : body === undefined ? 'no valid JSON' : 'not an array'
    return failure(400, { code: 'invalidParameter', message: `the body must be a JSON array of at least 1 task, got ${found}` })
  }
  state.counters.tasks += tasks.length
  const lone = tasks.length === 1 && isRecord(tasks[0]) ? tasks[0] : undefined
  const streaming = lone?.taskType === 'textInference' && lone.deliveryMethod === 'stream'
  const fault = drawFault(tasks, streaming, state)
  if (fault) {
    const early = await faultReply(fault, state)
    if (early) return early
  }
  if (streaming) return streamReply(lone!, state, fault)
  const outcomes = await runTasks(tasks, state, fault?.kind === 'task_error', arrivedAt)
  return envelope(outcomes)
}

/** The tasks of an authenticated request (also used by the WebSocket transport). */
export function runTasks(tasks: unknown[], state: EmulatorState, taskError = false, arrivedAt = state.now()): Promise<TaskOutcome[]> {
  return Promise.all(tasks.map((t) => runTask(t, state, taskError, arrivedAt)))
}

function drawFault(tasks: unknown[], stream: boolean, state: EmulatorState): FaultSpec | undefined {
  const types = new Set(tasks.map((t) => (isRecord(t) ? t.taskType : undefined)))
  if (types.has('textInference')) return state.faults.next({ target: 'submit', stream })
  if (types.has('getResponse')) return state.faults.next({ target: 'poll', stream: false })
  return undefined
}

/** The reply a fault stands for; undefined when the request goes on (slow, stream_cut, task_error). */
export async function faultReply(fault: FaultSpec, state: EmulatorState): Promise<Reply | undefined> {
  switch (fault.kind) {
    case 'rate_limit': {
      const retryAfter = String(fault.retryAfterSeconds ?? 1)
      const reply = failure(429, { code: 'rateLimitExceeded', message: 'too many requests in the queue; retry later (injected fault)' })
      return { ...reply, headers: { 'Retry-After': retryAfter } }
    }
    case 'server_error': {
      const status = fault.status ?? 503
      const code = status === 503 ? 'serviceUnavailable' : status === 504 ? 'gatewayTimeout' : 'internalServerError'
      return failure(status, { code, message: `the service failed with HTTP ${status} (injected fault)` })
    }
    case 'reset':
      return { kind: 'reset' }
    case 'malformed':
      return { kind: 'malformed' }
    case 'slow':
      await state.sleep(fault.delayMs ?? 2000)
      return undefined
    default:
      return undefined
  }
}

function streamReply(raw: Record<string, unknown>, state: EmulatorState, fault: FaultSpec | undefined): Reply {
  const { prepared, errors } = prepareStream(raw, state)
  if (prepared) return { kind: 'stream', prepared, ...(fault ? { fault } : {}) }
  // Before a stream starts, errors come back as non-2xx JSON with a singular `error` (§12.6).
  const { status, ...first } = errors[0]!
  return { kind: 'json', status: typeof status === 'number' ? status : 400, body: { data: [], error: first, errors: errors.map(stripHttpStatus), taskUUID: raw.taskUUID } }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
  return m?.[1]?.trim()
}

/** The auth failure of a key (401 missing/unknown, 402 no credits), or undefined when it is fine. */
export function checkAuth(key: unknown, state: EmulatorState): { status: number; error: WireError } | undefined {
  const base = { parameter: 'apiKey', taskType: 'authentication' }
  if (typeof key !== 'string' || key === '') {
    const message = 'missing API key: send "Authorization: Bearer <key>" or a leading authentication task'
    return { status: 401, error: { code: 'invalidApiKey', message, ...base } }
  }
  if (state.noCreditKeys.has(key)) {
    return { status: 402, error: { code: 'insufficientCredits', message: 'the account of this API key has insufficient credits', ...base } }
  }
  if (state.apiKeys && !state.apiKeys.has(key)) return { status: 401, error: { code: 'invalidApiKey', message: 'invalid API key', ...base } }
  return undefined
}

function failure(status: number, error: WireError): Reply & { kind: 'json' } {
  return { kind: 'json', status, body: { data: [], errors: [error] } }
}

async function runTask(raw: unknown, state: EmulatorState, taskError: boolean, arrivedAt: number): Promise<TaskOutcome> {
  if (!isRecord(raw)) {
    return fail({ code: 'invalidParameter', message: 'each task must be an object with a taskType', parameter: 'taskType' })
  }
  const taskUUID = typeof raw.taskUUID === 'string' ? raw.taskUUID : undefined
  switch (raw.taskType) {
    case 'textInference':
      return runTextInference(raw, state, taskError, arrivedAt)
    case 'getResponse':
      return getResponse(raw, state)
    case 'ping':
      return { data: [{ taskType: 'ping', pong: true }], errors: [] }
    case undefined:
      return fail({ code: 'missingTaskType', message: 'taskType is required', parameter: 'taskType', taskUUID })
    case 'authentication':
      return fail({ code: 'invalidParameter', message: 'the authentication task must be the first element', parameter: 'taskType', taskType: 'authentication' })
    default: {
      const message = `taskType ${JSON.stringify(raw.taskType)} is not supported; use textInference, getResponse or ping`
      return fail({ code: 'unsupportedTaskType', message, parameter: 'taskType', taskType: String(raw.taskType), taskUUID })
    }
  }
}

function fail(error: WireError): TaskOutcome {
  return { data: [], errors: [error] }
}

function stripHttpStatus(error: WireError): WireError {
  const { status, ...rest } = error
  return typeof status === 'string' ? { ...rest, status } : rest
}

/** 200 when anything succeeded; when every task failed, the most severe status (highest). */
export function envelope(outcomes: TaskOutcome[]): Reply & { kind: 'json' } {
  const data = outcomes.flatMap((o) => o.data)
  const errors = outcomes.flatMap((o) => o.errors)
  if (errors.length === 0) return { kind: 'json', status: 200, body: { data } }
  const httpStatus = (e: WireError): number => (typeof e.status === 'number' ? e.status : typeof e.status === 'string' ? 200 : 400)
  const status = data.length > 0 ? 200 : Math.max(...errors.map(httpStatus))
  return { kind: 'json', status, body: { data, errors: errors.map(stripHttpStatus) } }
}
