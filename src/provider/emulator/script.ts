/**
 * The emulator behaviour file ("emulator script"): how the built-in emulator answers.
 * Referenced from evals.config.yaml, never from suites. Every key is optional:
 *
 *   pricing:        { inputPerMillion: 0.25, outputPerMillion: 2.0 }   # USD per 1M tokens
 *   thinkingTokens: { off: 0, minimal: 32, low: 256, medium: 1024, high: 4096 }  # ±12.5% jitter
 *   latency:        { baseMs: 2, tokensPerSecond: 90000, scale: 1, fixedMs: null }
 *   maxTokensIncludesThinking: true   # thinking tokens count against settings.maxTokens
 *   responses:                        # first match wins; matched against the last user message
 *     - match: "capital of ([A-Za-z .'-]+)\\?"   # JS regex source
 *       flags: i                                 # i, m, s, u, v
 *       lookup: { France: Paris, Japan: Tokyo }  # capture group 1 -> correct answer (or `answer:`)
 *       wrong: [Lyon, Osaka]                     # given when the draw fails
 *       accuracy: { minimal: 0.4, low: 0.6, medium: 0.8, high: 0.95 }  # or one number; default 1
 *       drawKey: capture                         # draw on seed + capture only (rewordings keep what is known)
 *
 * The protocol sections (faults, async, webhook, protocol, toolCalls) are described in
 * script-protocol.ts.
 *
 * Latency per task: fixedMs when set, else (baseMs + (thinking + completion) / tokensPerSecond
 * * 1000) * scale. Cost per result: prompt * inputPerMillion/1e6 + (completion + thinking) *
 * outputPerMillion/1e6.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { ConfigError, issueAt, parseYamlSource, validateYaml, didYouMean, type Issue, type PathSegment, type YamlSource } from '../../core/index.js'
import { defaultProtocol, PROTOCOL_KEYS, ProtocolSections, resolveProtocol, type ProtocolBehaviour } from './script-protocol.js'

export const DEFAULT_THINKING_LEVELS: readonly string[] = ['off', 'minimal', 'low', 'medium', 'high']

const AnswerSchema = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())])
  .describe('An answer: a string is sent as is; numbers, booleans, objects and arrays are sent as JSON text.')

const AccuracySchema = z
  .union([z.number().min(0).max(1), z.record(z.string(), z.number().min(0).max(1))])
  .describe('P(correct answer): one number, or per thinkingLevel (missing levels take the nearest lower level given).')

const ResponseRuleSchema = z
  .strictObject({
    match: z.string().describe('JS regular expression source, tested against the last user message.'),
    flags: z.string().regex(/^[imsuv]*$/, 'regex flags may only contain i, m, s, u, v').optional().describe('Regex flags, e.g. "i".'),
    answer: AnswerSchema.optional().describe('The correct answer (when no `lookup`).'),
    lookup: z.record(z.string(), AnswerSchema).optional()
      .describe('Capture group 1 -> correct answer; a capture not listed here makes the rule not match.'),
    wrong: z.array(AnswerSchema).optional().describe('Wrong answers, one picked deterministically when the draw fails.'),
    accuracy: AccuracySchema.optional(),
    drawKey: z.enum(['request', 'capture']).optional()
      .describe('What the right/wrong draw depends on besides the seed: `request` (default: any rewording redraws) or ' +
        '`capture` (only capture group 1: rules with `drawKey: capture` draw alike for the same capture, so a reworded ' +
        'prompt keeps what the model knows).'),
  })
  .superRefine((rule, ctx) => {
    if ((rule.answer === undefined) === (rule.lookup === undefined)) {
      const found = rule.answer === undefined ? 'neither' : 'both'
      ctx.addIssue({ code: 'custom', path: ['answer'], message: `give exactly one of \`answer\` or \`lookup\`, found ${found}` })
    }
    const error = regexError(rule.match, rule.flags)
    if (error) ctx.addIssue({ code: 'custom', path: ['match'], message: `invalid regular expression: ${error}` })
  })

const nonNegative = z.number().min(0)

export const EmulatorScriptSchema = z.strictObject({
  pricing: z
    .strictObject({
      inputPerMillion: nonNegative.default(0.25).describe('USD per 1M prompt tokens. @default 0.25'),
      outputPerMillion: nonNegative.default(2.0).describe('USD per 1M completion + thinking tokens. @default 2.0'),
    })
    .optional()
    .describe('Prices used for `cost` when includeCost is true.'),
  thinkingTokens: z
    .record(z.string(), z.number().int().min(0))
    .optional()
    .describe('Thinking tokens per thinkingLevel (before a ±12.5% deterministic jitter); merged over the defaults.'),
  latency: z
    .strictObject({
      baseMs: nonNegative.default(2).describe('Fixed part of the simulated latency. @default 2'),
      tokensPerSecond: z.number().positive().default(90_000).describe('Generation speed over thinking + completion tokens. @default 90000'),
      scale: nonNegative.default(1).describe('Multiplies the whole formula; 0 disables the sleep. @default 1'),
      fixedMs: nonNegative.nullable().default(null).describe('When set, every task takes exactly this long. @default null'),
    })
    .optional()
    .describe('Simulated latency, slept before answering each task.'),
  maxTokensIncludesThinking: z.boolean().optional()
    .describe('Whether thinking tokens count against settings.maxTokens (as for OpenAI reasoning models). @default true'),
  responses: z.array(ResponseRuleSchema).optional().describe('Scripted answers; the first rule that matches wins.'),
  ...ProtocolSections,
})

export type EmulatorScriptFile = z.input<typeof EmulatorScriptSchema>
export type AnswerValue = z.output<typeof AnswerSchema>

export interface ResponseRule {
  match: string
  flags: string
  answer?: AnswerValue
  lookup?: Record<string, AnswerValue>
  wrong: AnswerValue[]
  /** One probability, or per thinkingLevel. */
  accuracy: number | Record<string, number>
  /** `capture`: the draw depends on the seed and capture group 1 only (absent: on the whole request). */
  drawKey?: 'request' | 'capture'
}

/** The resolved behaviour of the emulator (defaults applied). */
export interface EmulatorScript extends ProtocolBehaviour {
  pricing: { inputPerMillion: number; outputPerMillion: number }
  thinkingTokens: Record<string, number>
  latency: { baseMs: number; tokensPerSecond: number; scale: number; fixedMs: number | null }
  maxTokensIncludesThinking: boolean
  responses: ResponseRule[]
}

/** The behaviour without a script file (frozen; copy before changing). */
export const defaultEmulatorScript: EmulatorScript = deepFreeze({
  pricing: { inputPerMillion: 0.25, outputPerMillion: 2.0 },
  thinkingTokens: { off: 0, minimal: 32, low: 256, medium: 1024, high: 4096 },
  latency: { baseMs: 2, tokensPerSecond: 90_000, scale: 1, fixedMs: null },
  maxTokensIncludesThinking: true,
  responses: [],
  ...defaultProtocol,
})

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

export interface ScriptLoadOptions {
  /** Levels that `thinkingTokens` and `accuracy` keys may name. */
  thinkingLevels?: readonly string[]
}

/** Read and validate an emulator script; every problem as a located issue in one ConfigError. */
export function loadEmulatorScript(file: string, options: ScriptLoadOptions = {}): EmulatorScript {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw new ConfigError([{ file, path: '', message: `cannot read emulator script: ${(cause as Error).message}` }], 'EMULATOR_SCRIPT_UNREADABLE')
  }
  return parseEmulatorScript(text, file, options)
}

/** Validate emulator script YAML text (`file` is only used in issues). */
export function parseEmulatorScript(text: string, file = '<emulator script>', options: ScriptLoadOptions = {}): EmulatorScript {
  const { source, issues } = parseYamlSource(file, text)
  if (issues.length > 0) throw new ConfigError(issues, 'EMULATOR_SCRIPT_INVALID')
  const { value, issues: schemaIssues } = validateYaml(source, EmulatorScriptSchema, knownKeys)
  if (!value) throw new ConfigError(schemaIssues, 'EMULATOR_SCRIPT_INVALID')
  const levelIssues = [
    ...checkLevelKeys(source, value, options.thinkingLevels ?? DEFAULT_THINKING_LEVELS),
    ...(value.toolCalls ?? []).flatMap((r, i) => {
      const error = regexError(r.match, r.flags)
      return error ? [issueAt(source, ['toolCalls', i, 'match'], `invalid regular expression: ${error}`)] : []
    }),
  ]
  if (levelIssues.length > 0) throw new ConfigError(levelIssues, 'EMULATOR_SCRIPT_INVALID')
  return resolveScript(value)
}

function resolveScript(written: z.output<typeof EmulatorScriptSchema>): EmulatorScript {
  const d = defaultEmulatorScript
  return {
    pricing: written.pricing ?? { ...d.pricing },
    thinkingTokens: { ...d.thinkingTokens, ...written.thinkingTokens },
    latency: written.latency ?? { ...d.latency },
    maxTokensIncludesThinking: written.maxTokensIncludesThinking ?? d.maxTokensIncludesThinking,
    responses: (written.responses ?? []).map((r) => ({
      match: r.match,
      flags: r.flags ?? '',
      answer: r.answer,
      lookup: r.lookup,
      wrong: r.wrong ?? [],
      accuracy: r.accuracy ?? 1,
      ...(r.drawKey ? { drawKey: r.drawKey } : {}),
    })),
    ...resolveProtocol(written),
  }
}

/** Keys allowed at a path, for did-you-mean hints on unknown keys. */
function knownKeys(path: readonly PathSegment[]): string[] {
  if (path.length === 0) return Object.keys(EmulatorScriptSchema.shape)
  if (path[0] === 'pricing') return ['inputPerMillion', 'outputPerMillion']
  if (path[0] === 'latency') return ['baseMs', 'tokensPerSecond', 'scale', 'fixedMs']
  if (path[0] === 'responses') return Object.keys(ResponseRuleSchema.shape)
  return PROTOCOL_KEYS[String(path[0])] ?? []
}

/** `thinkingTokens` and per-level `accuracy` keys must name a thinking level. */
function checkLevelKeys(source: YamlSource, script: z.output<typeof EmulatorScriptSchema>, levels: readonly string[]): Issue[] {
  const issues: Issue[] = []
  const check = (path: PathSegment[], keys: string[]): void => {
    for (const key of keys.filter((k) => !levels.includes(k))) {
      const hint = didYouMean(key, levels)
      const expected = `expected one of ${levels.join(', ')}`
      issues.push(issueAt(source, path, `unknown thinking level "${key}"; ${hint ? `did you mean "${hint}"?` : expected}`, key))
    }
  }
  check(['thinkingTokens'], Object.keys(script.thinkingTokens ?? {}))
  for (const [i, rule] of (script.responses ?? []).entries()) {
    if (rule.accuracy !== undefined && typeof rule.accuracy === 'object') check(['responses', i, 'accuracy'], Object.keys(rule.accuracy))
  }
  return issues
}

function regexError(source: string, flags: string | undefined): string | undefined {
  try {
    new RegExp(source, flags)
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}
