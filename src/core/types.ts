/**
 * The shared vocabulary of the harness: requests and responses of a provider,
 * samples, grades and runs. Every stage speaks these types.
 */

export type Role = 'user' | 'assistant' | 'tool'

/** A chat message as sent on the wire (system prompts live in settings). */
export interface Message {
  role: Role
  content: string
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
}

export interface GenerateResponse {
  /** Results in result-index order (index i is the i-th result of the request). */
  results: GenerateResult[]
  latencyMs: number
  /** How many HTTP attempts the request took (1 without retries). */
  attempts: number
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
  attempts: number
  grades: Grade[]
  /** 0..1, the weighted score of the grades. */
  score?: number
  error?: ErrorInfo
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
}

/** How a case's samples become one verdict. */
export type PassRule =
  | { rule: 'all' }
  | { rule: 'any' }
  | { rule: 'majority' }
  | { rule: 'atLeast'; n: number }
