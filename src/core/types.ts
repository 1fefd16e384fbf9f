/**
 * The shared vocabulary of the harness: requests and responses of a provider,
 * samples, grades and runs. Every stage speaks these types.
 */

export type Role = 'user' | 'assistant' | 'tool'

/** A chat message as sent on the wire (system prompts live in settings). */
export interface Message {
  role: Role
  content: string
  /** Assistant messages: the tool calls the model made (sent as `tools: [{id, name, input}]`). */
  toolCalls?: ToolCall[]
  /** Tool messages: the id of the tool call this message answers. */
  toolCallId?: string
}

/** A tool call made by the model: `arguments` is the parsed JSON object. */
export interface ToolCall {
  id: string
  name: string
  arguments: Record<string, unknown>
}

/** A tool the model may use: `function` tools need a name and an arguments JSON Schema. */
export interface ToolSpec {
  type: 'function' | 'search' | 'codeInterpreter'
  name?: string
  description?: string
  schema?: Record<string, unknown>
}

/** Which tool the model must (or must not) use; `name` only with type `tool`. */
export interface ToolChoice {
  type: 'auto' | 'any' | 'tool' | 'none'
  name?: string
}

/**
 * How results come back: one HTTP answer (`sync`), submit then poll `getResponse` (`async`),
 * server-sent events (`stream`), or POSTs to a webhook receiver (`webhook`).
 */
export type DeliveryMethod = 'sync' | 'async' | 'stream' | 'webhook'

/** Timings of the non-sync delivery methods (absent keys: the provider's defaults). */
export interface DeliveryOptions {
  /** First getResponse poll after this long; later polls back off ×1.5. */
  pollIntervalMs?: number
  /** Cap of the poll interval. */
  pollMaxIntervalMs?: number
  /** Overall budget of an async or webhook task; what has arrived by then is kept. */
  pollTimeoutMs?: number
}

export interface GenerationSettings {
  systemPrompt?: string
  maxTokens?: number
  thinkingLevel?: string
}

/** One request to a provider; yields `numberResults` samples. */
export interface GenerateRequest {
  model: string
  messages: Message[]
  settings: GenerationSettings
  seed: number
  numberResults: number
  outputFormat?: 'TEXT' | 'JSON'
  /** OpenAI envelope `{name, schema, strict}` or a bare JSON Schema. */
  jsonSchema?: Record<string, unknown>
  tools?: ToolSpec[]
  toolChoice?: ToolChoice
  /** `inputs.images`: URLs, data URIs, base64 or uploaded-image UUIDs, sent as they are. */
  images?: string[]
  /** @default 'sync' */
  deliveryMethod?: DeliveryMethod
  delivery?: DeliveryOptions
  /** Ask for `cost` on results. @default true */
  includeCost?: boolean
  /** Ask for `usage` on results. @default true */
  includeUsage?: boolean
}

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
  thinkingTokens: number
}

/** One generated output of a request. */
export interface GenerateResult {
  text: string
  finishReason: string
  usage?: Usage
  costUsd?: number
  /** Tool calls of the model (then `text` is usually empty and finishReason `tool_calls`). */
  toolCalls?: ToolCall[]
}

export interface GenerateResponse {
  /** Results in result-index order (index i is the i-th result of the request). */
  results: GenerateResult[]
  latencyMs: number
  /** Time to the first streamed text (stream delivery only). */
  ttftMs?: number
  /** How many HTTP attempts the request took (1 without retries). */
  attempts: number
  /**
   * Partial results: set when fewer than numberResults results arrived (async or webhook
   * task out of time, or some generations failed); the missing indexes are errors of this cause.
   */
  missing?: ErrorInfo
}

/** Classes of provider failure; retry policy is decided on these. */
export type ProviderErrorKind =
  | 'validation'
  | 'auth'
  | 'credits'
  | 'forbidden'
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'provider'

/** A failure recorded on a sample (data, never thrown past the runner). */
export interface ErrorInfo {
  kind: ProviderErrorKind | 'grader' | 'render'
  code: string
  message: string
  status?: number
  parameter?: string
}

/** Pairs a sample across runs. */
export interface SampleKey {
  suite: string
  caseId: string
  variant: string
  /** The seed sent with the request. */
  seed: number
  /** Index of the result within the request (0..numberResults-1). */
  resultIndex: number
}

/** One assertion's verdict on a sample. */
export interface Grade {
  /** Assertion type, e.g. `icontains`, `not-regex`, `json-schema`. */
  type: string
  pass: boolean
  /** 0..1 */
  score: number
  reason: string
  weight: number
  /** Set for model-graded assertions: what the judge cost, kept apart from the system under test. */
  judge?: JudgeRecord
}

/** The judge's share of a grade: usage, cost and latency of its calls, and how its answers agreed. */
export interface JudgeRecord {
  model: string
  /** Answers asked of the judge (the assertion's `samples`). */
  calls: number
  /** Usable answers that agree with the verdict / usable answers (1 with a single answer). */
  agreement?: number
  /** Summed over the judge's answers. */
  usage?: Usage
  costUsd?: number
  /** Summed over the judge's requests. */
  latencyMs: number
}

export type Outcome = 'pass' | 'fail' | 'error'

export interface SampleRecord {
  key: SampleKey
  /** Hash of the request that produced this sample (model, messages, settings, seed, N, format). */
  requestHash: string
  outcome: Outcome
  output?: string
  finishReason?: string
  latencyMs?: number
  usage?: Usage
  costUsd?: number
  /** Tool calls the model made in this sample. */
  toolCalls?: ToolCall[]
  /** Time to the first streamed text of the request (stream delivery only). */
  ttftMs?: number
  attempts: number
  grades: Grade[]
  /** 0..1, the weighted score of the grades. */
  score?: number
  error?: ErrorInfo
  /**
   * Set when the output came from the response cache instead of the provider: `costUsd` is 0,
   * `savedCostUsd` is what the original response cost, and `latencyMs` is the original latency
   * (excluded from latency statistics).
   */
  cached?: boolean
  /** What a cached sample would have cost (the original response's cost). */
  savedCostUsd?: number
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed'

export interface RunMeta {
  id: string
  startedAt: string
  finishedAt?: string
  status: RunStatus
  /** `emulator` or `runware`. */
  provider: string
  model: string
  gitCommit?: string
  /** The fully resolved configuration and suites of the run (secrets removed). */
  config: unknown
  plannedSamples: number
  /** Set when the run executed one part of its plan (`evals run --shard k/n`). */
  shard?: Shard
}

/** Part `index` (1-based) of `count` parts of a plan. */
export interface Shard {
  index: number
  count: number
}

/** How a case's samples become one verdict. */
export type PassRule =
  | { rule: 'all' }
  | { rule: 'any' }
  | { rule: 'majority' }
  | { rule: 'atLeast'; n: number }

/** One case of one past run, as the store's history query returns it (oldest run first). */
export interface CaseHistoryRow {
  runId: string
  suite: string
  caseId: string
  variant: string
  passed: number
  failed: number
  errors: number
  /** The case's request hashes, in sample order, joined: flips count only between runs with equal fingerprints. */
  fingerprint: string
}

/**
 * The figures of a sample and nothing else (no output, reasons or errors): what summaries,
 * charts and statistics read, so a large run can be summarised without holding its texts.
 */
export interface SampleFigures {
  key: Pick<SampleKey, 'suite' | 'caseId' | 'variant'>
  outcome: Outcome
  latencyMs?: number
  costUsd?: number
  cached?: boolean
  savedCostUsd?: number
  usage?: Pick<Usage, 'thinkingTokens'>
  /** Only the judge's share of each grade is read. */
  grades: ReadonlyArray<Pick<Grade, 'judge'>>
}
