/**
 * The per-instance state of an emulator (never shared between instances): its options,
 * the behaviour script, the accepted taskUUIDs, async jobs, webhook deliveries and faults.
 */
import { compileRules } from './answers.js'
import { createFaultInjector, type FaultInjector } from './faults.js'
import { JobStore } from './jobs.js'
import { DEFAULT_THINKING_LEVELS, defaultEmulatorScript, type EmulatorScript } from './script.js'
import type { FaultSpec } from './script-protocol.js'
import type { SynthesisContext } from './synthesize.js'
import type { ValidationOptions } from './validate.js'
import { WebhookDispatcher } from './webhooks.js'

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** The behaviour; default `defaultEmulatorScript`. */
  script?: EmulatorScript
  /** Allowed settings.thinkingLevel values, lowest first. @default ['off','minimal','low','medium','high'] */
  thinkingLevels?: readonly string[]
  /** Strict mode: only these keys are valid. Default: any non-empty key. */
  apiKeys?: readonly string[]
  /** Keys answered with 402 insufficientCredits. */
  noCreditKeys?: readonly string[]
  /** Accepted `model` values. @default ['openai:gpt@5-mini', 'openai-gpt-5-mini'] */
  models?: readonly string[]
  /** Ignore unknown root/settings keys instead of rejecting them with unsupportedParameter. @default false */
  ignoreUnknownParameters?: boolean
  /** Faults added to the script's (e.g. from `evals emulator --fault`). */
  faults?: readonly FaultSpec[]
  /** Seed of the fault draws; default the script's `faultSeed`. */
  faultSeed?: number
}

export const EMULATOR_MODELS: readonly string[] = ['openai:gpt@5-mini', 'openai-gpt-5-mini']

export interface EmulatorState {
  script: EmulatorScript
  synthesis: SynthesisContext
  validation: Omit<ValidationOptions, 'findTask'>
  /** Valid keys in strict mode; undefined accepts any non-empty key. */
  apiKeys?: ReadonlySet<string>
  noCreditKeys: ReadonlySet<string>
  /** Tasks accepted so far, for `conflictTaskUUID`. */
  tasks: Map<string, { taskType: string; deliveryMethod: string }>
  counters: { requests: number; tasks: number }
  jobs: JobStore
  webhooks: WebhookDispatcher
  faults: FaultInjector
  sleep(ms: number): Promise<void>
  randomSeed(): number
  now(): number
}

export function createState(opts: EmulatorOptions): EmulatorState {
  const script = opts.script ?? defaultEmulatorScript
  const levels = opts.thinkingLevels ?? DEFAULT_THINKING_LEVELS
  const now = (): number => performance.now()
  return {
    script,
    synthesis: { script, rules: compileRules(script), levels },
    validation: {
      thinkingLevels: levels,
      models: opts.models ?? EMULATOR_MODELS,
      deliveryMethods: ['sync', 'async', 'stream'],
      ignoreUnknownParameters: opts.ignoreUnknownParameters ?? false,
      streamMultipleResults: script.protocol.streamMultipleResults,
    },
    apiKeys: opts.apiKeys ? new Set(opts.apiKeys) : undefined,
    noCreditKeys: new Set(opts.noCreditKeys ?? []),
    tasks: new Map(),
    counters: { requests: 0, tasks: 0 },
    jobs: new JobStore(script.async.retentionMs, now),
    webhooks: new WebhookDispatcher(script.webhook),
    faults: createFaultInjector([...script.faults, ...(opts.faults ?? [])], opts.faultSeed ?? script.faultSeed),
    sleep: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
    randomSeed: () => Math.floor(Math.random() * 2_147_483_648),
    now,
  }
}

/** Bounded memory for long benchmark runs: the oldest taskUUIDs are forgotten first. */
const MAX_REMEMBERED_TASKS = 1_000_000

export function rememberTask(state: EmulatorState, taskUUID: string, deliveryMethod: string): void {
  state.tasks.set(taskUUID, { taskType: 'textInference', deliveryMethod })
  if (state.tasks.size > MAX_REMEMBERED_TASKS) state.tasks.delete(state.tasks.keys().next().value!)
}
