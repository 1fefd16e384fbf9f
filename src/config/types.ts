import type { GenerationSettings, PassRule } from '../core/index.js'
import type { ResolvedAssertion } from './assertions.js'

/**
 * The resolved shapes: what the rest of the harness consumes after `loadProject`.
 * Defaults are applied, datasets inlined, paths made absolute, schema files read.
 */

export interface PromptMessage {
  role: 'user' | 'assistant'
  /** A handlebars template over the case vars (strict: a missing var is an error). */
  content: string
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
}

export interface ResolvedSuite {
  name: string
  description?: string
  /** Path of the suite file relative to the project root. */
  file: string
  outputFormat: 'TEXT' | 'JSON'
  jsonSchema?: Record<string, unknown>
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
  /** Absolute path of the emulator behaviour file, when the provider is the emulator. */
  emulatorScript?: string
}

/** Project-wide defaults applied to every suite (from `defaults:` in evals.config.yaml). */
export interface ProjectDefaults {
  settings: GenerationSettings
  seeds: number[]
  numberResults: number
  pass: PassRule
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
  thinkingLevels: string[]
  /** Defaults already merged into every resolved suite; kept for display and run records (always set by loadProject). */
  defaults?: ProjectDefaults
  thresholds: {
    /** The run fails (exit 1) when its pass rate is below this. */
    minPassRate: number
    /** The run is invalid (exit 3) when its error rate exceeds this. */
    maxErrorRate: number
  }
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
