/**
 * One POST /v1 request: authentication, routing of each task by taskType, and the
 * envelope `{data, errors}` with its HTTP status (runware-text-inference.md §12.1).
 * Later delivery methods (async, stream, webhooks) plug in at `runTextInference`.
 */
import { isRecord, type WireError } from './errors.js'
import { latencyOf, resultItem, synthesizeResults, type SynthesisContext } from './synthesize.js'
import { validateTextInference, type ValidationOptions } from './validate.js'

/** The per-instance state of an emulator (never shared between instances). */
export interface EmulatorState {
  synthesis: SynthesisContext
  validation: Omit<ValidationOptions, 'findTask'>
  /** Valid keys in strict mode; undefined accepts any non-empty key. */
  apiKeys?: ReadonlySet<string>
  noCreditKeys: ReadonlySet<string>
  /** Tasks accepted so far, for `conflictTaskUUID`. */
  tasks: Map<string, { taskType: string; deliveryMethod: string }>
  counters: { requests: number; tasks: number }
  sleep(ms: number): Promise<void>
  randomSeed(): number
}

export interface Reply {
  status: number
  body: { data: unknown[]; errors?: WireError[] }
}

interface TaskOutcome {
  data: unknown[]
  errors: WireError[]
}

export async function handleBatch(bodyText: string, authorization: string | undefined, state: EmulatorState): Promise<Reply> {
  state.counters.requests++
  const body = parseJson(bodyText)
  const elements = Array.isArray(body) ? body : undefined
  const authTask = elements && isRecord(elements[0]) && elements[0].taskType === 'authentication' ? elements[0] : undefined
  const authError = checkAuth(authTask ? authTask.apiKey : bearerToken(authorization), state)
  if (authError) return authError
  const tasks = authTask ? elements!.slice(1) : elements
  if (!tasks || tasks.length === 0) {
    const found = elements ? 'an array without tasks' : body === undefined ? 'no valid JSON' : 'not an array'
    return failure(400, { code: 'invalidParameter', message: `the body must be a JSON array of at least 1 task, got ${found}` })
  }
  state.counters.tasks += tasks.length
  const outcomes = await Promise.all(tasks.map((t) => runTask(t, state)))
  return envelope(outcomes)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null
  return m?.[1]?.trim()
}

function checkAuth(key: unknown, state: EmulatorState): Reply | undefined {
  const base = { parameter: 'apiKey', taskType: 'authentication' }
  if (typeof key !== 'string' || key === '') {
    const message = 'missing API key: send "Authorization: Bearer <key>" or a leading authentication task'
    return failure(401, { code: 'invalidApiKey', message, ...base })
  }
  if (state.noCreditKeys.has(key)) {
    return failure(402, { code: 'insufficientCredits', message: 'the account of this API key has insufficient credits', ...base })
  }
  if (state.apiKeys && !state.apiKeys.has(key)) return failure(401, { code: 'invalidApiKey', message: 'invalid API key', ...base })
  return undefined
}

function failure(status: number, error: WireError): Reply {
  return { status, body: { data: [], errors: [error] } }
}

async function runTask(raw: unknown, state: EmulatorState): Promise<TaskOutcome> {
  if (!isRecord(raw)) {
    return fail({ code: 'invalidParameter', message: 'each task must be an object with a taskType', parameter: 'taskType' })
  }
  const taskUUID = typeof raw.taskUUID === 'string' ? raw.taskUUID : undefined
  switch (raw.taskType) {
    case 'textInference':
      return runTextInference(raw, state)
    case 'ping':
      return { data: [{ taskType: 'ping', pong: true }], errors: [] }
    case undefined:
      return fail({ code: 'missingTaskType', message: 'taskType is required', parameter: 'taskType', taskUUID })
    case 'authentication':
      return fail({ code: 'invalidParameter', message: 'the authentication task must be the first element', parameter: 'taskType', taskType: 'authentication' })
    default: {
      const message = `taskType ${JSON.stringify(raw.taskType)} is not supported; use textInference or ping`
      return fail({ code: 'unsupportedTaskType', message, parameter: 'taskType', taskType: String(raw.taskType), taskUUID })
    }
  }
}

function fail(error: WireError): TaskOutcome {
  return { data: [], errors: [error] }
}

async function runTextInference(raw: Record<string, unknown>, state: EmulatorState): Promise<TaskOutcome> {
  const { task, errors } = validateTextInference(raw, { ...state.validation, findTask: (uuid) => state.tasks.get(uuid) })
  if (!task) return { data: [], errors }
  // Registered before the first await, so a duplicate later in the same batch conflicts.
  rememberTask(state, task.taskUUID, task.deliveryMethod)
  const { script } = state.synthesis
  const results = synthesizeResults(task, task.seed ?? state.randomSeed(), state.synthesis)
  await state.sleep(Math.max(0, ...results.map((r) => latencyOf(r, script))))
  return { data: results.map((r) => resultItem(task, r, script)), errors: [] }
}

/** Bounded memory for long benchmark runs: the oldest taskUUIDs are forgotten first. */
const MAX_REMEMBERED_TASKS = 1_000_000

function rememberTask(state: EmulatorState, taskUUID: string, deliveryMethod: string): void {
  state.tasks.set(taskUUID, { taskType: 'textInference', deliveryMethod })
  if (state.tasks.size > MAX_REMEMBERED_TASKS) state.tasks.delete(state.tasks.keys().next().value!)
}

/** 200 when anything succeeded; when every task failed, the most severe status (highest). */
function envelope(outcomes: TaskOutcome[]): Reply {
  const data = outcomes.flatMap((o) => o.data)
  const errors = outcomes.flatMap((o) => o.errors)
  if (errors.length === 0) return { status: 200, body: { data } }
  const status = data.length > 0 ? 200 : Math.max(...errors.map((e) => e.status ?? 400))
  return { status, body: { data, errors: errors.map(({ status: _s, ...e }) => e) } }
}
