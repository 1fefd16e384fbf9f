import type { DeliveryMethod, DeliveryOptions, GenerationSettings, PassRule, ToolCall, ToolChoice, ToolSpec } from '../core/index.js'
import type { ResolvedAssertion } from './assertions.js'

/**
 * The resolved shapes: what the rest of the harness consumes after `loadProject`.
 * Defaults are applied, datasets inlined, paths made absolute, schema files read.
 */

export interface PromptMessage {
  role: 'user' | 'assistant' | 'tool'
  /** A handlebars template over the case vars (strict: a missing var is an error); '' on a bare tool-call message. */
  content: string
  /** Assistant messages: the tool calls of a multi-turn conversation (arguments are literal). */
  toolCalls?: ToolCall[]
  /** Tool messages: the id of the call this result answers. */
  toolCallId?: string
}

/** How a case's samples become one verdict (defined in core so that compare can use it). */
export type { PassRule } from '../core/index.js'

export interface ResolvedCase {
  id: string
  description?: string
  vars: Record<string, unknown>
  /** Suite-level assertions followed by the case's own. */
  assert: ResolvedAssertion[]
  /** Sample passes when its weighted score reaches this (default 1: every counted assertion passes). */
  threshold: number
  /** Where the case was defined, for error messages. */
  source: { file: string; line?: number }
}

export interface ResolvedVariant {
  name: string
  description?: string
  /** Fully merged settings: project defaults < suite < variant. */
  settings: GenerationSettings
  prompt: PromptMessage[]
  /** The variant's delivery method, when it sets one (else the suite's). */
  deliveryMethod?: DeliveryMethod
}

export interface ResolvedSuite {
  name: string
  description?: string
  /** Path of the suite file relative to the project root. */
  file: string
  outputFormat: 'TEXT' | 'JSON'
  jsonSchema?: Record<string, unknown>
  /** Tools with their argument schemas read (file references resolved). */
  tools?: ToolSpec[]
  toolChoice?: ToolChoice
  /** `inputs.images`: URLs and UUIDs as written, files read into data URIs. */
  images?: string[]
  deliveryMethod?: DeliveryMethod
  /** The suite's delivery timings (override the provider's). */
  delivery?: DeliveryOptions
  /** Set (false) when the suite turns off cost or usage on results; absent means on. */
  includeCost?: boolean
  includeUsage?: boolean
  seeds: number[]
  numberResults: number
  /** At least one; a suite without `variants` has one named `default`. */
  variants: ResolvedVariant[]
  cases: ResolvedCase[]
  pass: PassRule
  /** Suite pass-rate floor; overrides the project threshold when set. */
  minPassRate?: number
  /** Hash of the resolved suite, to tell when a suite changed between runs. */
  hash: string
}

export interface ProviderConfig {
  type: 'emulator' | 'runware'
  /** Base URL of the API (`https://api.runware.ai/v1` for runware; ignored for the in-process emulator). */
  baseUrl: string
  /** Name of the environment variable that holds the API key. */
  apiKeyEnv: string
  /** Per-request timeout. */
  timeoutMs: number
  /** Retries after the first attempt, for retryable failures only. */
  maxRetries: number
  /** First retry backoff ceiling (doubles per retry); absent: 500 ms. */
  retryBaseDelayMs?: number
  /** Cap of the retry backoff ceiling; absent: 30 s. */
  retryMaxDelayMs?: number
  /** AIMD concurrency around the provider (halve on 429, grow back); absent: on. */
  adaptiveConcurrency?: boolean
  /** Delivery timings and the webhook receiver (`provider.delivery`), when the file sets them. */
  delivery?: ProviderDelivery
  /** Absolute path of the emulator behaviour file, when the provider is the emulator. */
  emulatorScript?: string
}

export interface ProviderDelivery extends DeliveryOptions {
  /** Public URL forwarding to the webhook receiver (for deliveryMethod webhook against the real API). */
  webhookUrl?: string
  /** Loopback port of the webhook receiver (0: a free one). */
  webhookPort?: number
}

/** Project-wide defaults applied to every suite (from `defaults:` in evals.config.yaml). */
export interface ProjectDefaults {
  settings: GenerationSettings
  seeds: number[]
  numberResults: number
  pass: PassRule
}

/** The judge of llm-rubric assertions (from `judge:` in evals.config.yaml), sent through the run's provider. */
export interface JudgeConfig {
  model: string
  /** maxTokens and thinkingLevel always set; no systemPrompt means the built-in judge instructions. */
  settings: GenerationSettings
  seed: number
  /** Default score an llm-rubric verdict needs to pass. */
  threshold: number
}

export interface ProjectConfig {
  root: string
  /** Absolute path of evals.config.yaml, when there is one. */
  file?: string
  provider: ProviderConfig
  model: string
  concurrency: number
  /** Absolute path of the SQLite database. */
  database: string
  /** Absolute path of the reports directory. */
  reportsDir: string
  /** Absolute path of the baselines directory (`evals baseline save` writes there; always set by loadProject). */
  baselinesDir?: string
  thinkingLevels: string[]
  /** Defaults already merged into every resolved suite; kept for display and run records (always set by loadProject). */
  defaults?: ProjectDefaults
  /** The model that grades llm-rubric assertions (always set by loadProject). */
  judge?: JudgeConfig
  thresholds: {
    /** The run fails (exit 1) when its pass rate is below this. */
    minPassRate: number
    /** The run is invalid (exit 3) when its error rate exceeds this. */
    maxErrorRate: number
  }
  /** The response cache (always set by loadProject; absent means enabled with a 30-day TTL). */
  cache?: CacheConfig
  /** How runs are judged against a baseline (always set by loadProject). */
  gate?: GateConfig
}

/** `gate:` of evals.config.yaml, resolved. */
export interface GateConfig extends GateSuiteConfig {
  maxDrop: number
  confidence: number
  strict: boolean
  excludeFlaky: boolean
  /** Past runs per suite read for flakiness. */
  historyRuns: number
  /** Per-suite overrides by suite name. */
  suites: Record<string, GateSuiteConfig>
}

export interface GateSuiteConfig {
  minPassRate?: number
  maxDrop?: number
  confidence?: number
  strict?: boolean
  excludeFlaky?: boolean
}

export interface CacheConfig {
  enabled: boolean
  /** Cached responses older than this are not used. */
  ttlDays: number
}

export interface Project {
  config: ProjectConfig
  suites: ResolvedSuite[]
}

/** Command-line overrides, validated together with the file. */
export interface ConfigOverrides {
  provider?: 'emulator' | 'runware'
  concurrency?: number
  database?: string
}
