import { z } from 'zod'
import { AssertionSchema } from './assertions.js'
import { GateSchema } from './gate-schema.js'
import {
  DeliveryMethodSchema, InputsSchema, ProviderDeliverySchema, SuiteDeliverySchema, ToolCallSpecSchema, ToolChoiceSchema, ToolSchema,
} from './protocol-schema.js'

/**
 * The WRITTEN shapes: what a user puts in `evals.config.yaml` and in suite files.
 * Suites carry no defaults of their own (project `defaults` fill the gaps at resolution),
 * so every suite key is optional here except `name`.
 */

export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/
export const DEFAULT_THINKING_LEVELS = ['off', 'minimal', 'low', 'medium', 'high']
export const MAX_SEED = 2147483647

const name = (what: string) =>
  z.string().regex(NAME_PATTERN, `${what} may only contain letters, digits, "_", "." and "-"`)

export const SettingsSchema = z.strictObject({
  systemPrompt: z.string().min(1).max(200000).optional()
    .describe('System instruction sent as settings.systemPrompt (literal text, not a template).'),
  maxTokens: z.int().min(1).max(128000).optional().describe('Maximum completion tokens, 1..128000.'),
  thinkingLevel: z.string().min(1).optional()
    .describe('Reasoning effort; one of the project thinkingLevels (default: off, minimal, low, medium, high).'),
}).describe('Generation settings; merged project defaults < suite < variant.')

export const MessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant', 'tool']).describe('Who says it: user, assistant, or tool (a tool result).'),
  content: z.string().optional()
    .describe('Message text, a handlebars template over the case vars (optional on an assistant message with toolCalls).'),
  toolCalls: z.array(ToolCallSpecSchema).min(1).optional().describe('Assistant messages: the tool calls the model made.'),
  toolCallId: z.string().min(1).optional().describe('Tool messages: the id of the call this result answers.'),
}).superRefine((m, ctx) => {
  const problem = messageProblem(m)
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message })
})

/** What is wrong with a message's combination of keys, if anything. */
function messageProblem(m: { role: string; content?: string; toolCalls?: unknown[]; toolCallId?: string }): { key: string; message: string } | undefined {
  if (m.toolCalls && m.role !== 'assistant') return { key: 'toolCalls', message: 'only assistant messages carry toolCalls' }
  if (m.role === 'tool' && m.toolCallId === undefined) return { key: 'toolCallId', message: 'a tool message needs toolCallId: the id of the call it answers' }
  if (m.role !== 'tool' && m.toolCallId !== undefined) return { key: 'toolCallId', message: 'only tool messages carry toolCallId' }
  if (m.content === undefined && !(m.role === 'assistant' && m.toolCalls)) return { key: 'content', message: 'content is required (except on an assistant message with toolCalls)' }
  return undefined
}

export const PromptSchema = z.union([
  z.string().min(1).describe('One user message (a handlebars template over the case vars).'),
  z.array(MessageSchema).min(1).max(1000).describe('A conversation: a list of 1-1000 {role, content} messages.'),
]).describe('The prompt: a string (one user message) or a list of {role, content} messages.')

export const SeedsSchema = z.array(z.int().min(0).max(MAX_SEED))
  .min(1).describe('One request per seed (integers 0..2147483647, unique); fixed so reruns pair up.')

export const NumberResultsSchema = z.int().min(1).max(4).describe('Samples per request, 1..4.')

export const PassSchema = z.discriminatedUnion('rule', [
  z.strictObject({
    rule: z.enum(['all', 'any', 'majority']).describe('all, any, or majority of the samples must pass.'),
  }),
  z.strictObject({
    rule: z.literal('atLeast').describe('At least n samples must pass.'),
    n: z.int().min(1).describe('Minimum number of passing samples.'),
  }),
]).describe('How the samples of a case (per variant) become one verdict.')

const Fraction = z.number().min(0).max(1)

export const OutputFormatSchema = z.string()
  .regex(/^([Tt][Ee][Xx][Tt]|[Jj][Ss][Oo][Nn])$/, 'expected TEXT or JSON (any case)')
  .transform((s) => s.toUpperCase() as 'TEXT' | 'JSON')
  .describe('TEXT or JSON (case-insensitive).')

export const JsonSchemaRefSchema = z.union([
  z.record(z.string(), z.unknown()).describe('An OpenAI envelope {name, schema, strict} or a bare JSON Schema.'),
  z.string().min(1).describe('Path (relative to the suite file) of a .json/.yaml/.yml schema file.'),
]).describe('Structured-output schema sent with outputFormat JSON.')

export const CaseIdSchema = z.union([z.string().min(1), z.int()]).transform(String)
  .describe('Stable case id; when omitted, a hash of the case vars and assertions.')

export const CaseSchema = z.strictObject({
  id: CaseIdSchema.optional(),
  description: z.string().optional().describe('Shown in reports.'),
  vars: z.record(z.string(), z.unknown()).default({}).describe('Template variables of the case.'),
  assert: z.array(AssertionSchema).optional().describe('Assertions of this case (after the suite-level ones).'),
  threshold: Fraction.optional().describe('Score a sample needs to pass, 0..1 (default: the suite threshold).'),
})

export const VariantSchema = z.strictObject({
  name: name('variant name').describe('Variant name, unique within the suite.'),
  description: z.string().optional().describe('Shown in reports.'),
  settings: SettingsSchema.optional(),
  prompt: PromptSchema.optional(),
  deliveryMethod: DeliveryMethodSchema.optional(),
})

export const SuiteFileSchema = z.strictObject({
  name: name('suite name').describe('Suite name, unique across the project.'),
  description: z.string().optional().describe('Shown in reports.'),
  prompt: PromptSchema.optional(),
  settings: SettingsSchema.optional(),
  outputFormat: OutputFormatSchema.optional(),
  jsonSchema: JsonSchemaRefSchema.optional(),
  tools: z.array(ToolSchema).min(1).optional().describe('Tools the model may use (sent at the task root).'),
  toolChoice: ToolChoiceSchema.optional(),
  inputs: InputsSchema.optional(),
  deliveryMethod: DeliveryMethodSchema.optional(),
  delivery: SuiteDeliverySchema.optional(),
  includeCost: z.boolean().optional().describe('Ask for the cost of each result (needed for cost reports). @default true'),
  includeUsage: z.boolean().optional().describe('Ask for token usage of each result (needed for token reports). @default true'),
  seeds: SeedsSchema.optional(),
  numberResults: NumberResultsSchema.optional(),
  variants: z.array(VariantSchema).min(1).optional()
    .describe('A settings/prompt matrix; omit for a single variant named "default".'),
  dataset: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional()
    .describe('Dataset file(s) relative to the suite file: .csv, .jsonl, .json or .yaml.'),
  cases: z.array(CaseSchema).optional().describe('Inline cases, added after the dataset rows.'),
  assert: z.array(AssertionSchema).optional().describe('Assertions applied to every case.'),
  threshold: Fraction.optional().describe('Score a sample needs to pass, 0..1 (default 1).'),
  pass: PassSchema.optional(),
  minPassRate: Fraction.optional().describe('Suite pass-rate floor, 0..1 (overrides the project threshold).'),
}).describe('An evals suite: prompt template, settings, cases and assertions.')

export type SettingsSpec = z.output<typeof SettingsSchema>
export type PromptSpec = z.output<typeof PromptSchema>
export type CaseSpec = z.output<typeof CaseSchema>
export type VariantSpec = z.output<typeof VariantSchema>
export type SuiteSpec = z.output<typeof SuiteFileSchema>

const DefaultSettingsSchema = z.strictObject({
  systemPrompt: SettingsSchema.shape.systemPrompt,
  maxTokens: z.int().min(1).max(128000).default(1024).describe('Maximum completion tokens, 1..128000.'),
  thinkingLevel: z.string().min(1).optional()
    .describe('Reasoning effort; one of thinkingLevels (default "low" when listed).'),
})

export const ProjectFileSchema = z.strictObject({
  provider: z.strictObject({
    type: z.enum(['emulator', 'runware']).default('emulator').describe('emulator (built in) or runware (the real API).'),
    baseUrl: z.url().default('https://api.runware.ai/v1').describe('Base URL of the Runware API.'),
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .default('RUNWARE_API_KEY').describe('Environment variable holding the API key.'),
    timeoutMs: z.int().min(1).default(120000).describe('Per-request timeout in milliseconds.'),
    maxRetries: z.int().min(0).max(20).default(3).describe('Retries after the first attempt (retryable failures only).'),
    retryBaseDelayMs: z.int().min(0).default(500)
      .describe('First retry backoff ceiling (doubles per retry, full jitter; a longer Retry-After wins). @default 500'),
    retryMaxDelayMs: z.int().min(0).default(30000).describe('Cap of the retry backoff ceiling. @default 30000'),
    adaptiveConcurrency: z.boolean().default(true)
      .describe('Halve the requests in flight on a 429 and grow back gradually (up to concurrency). @default true'),
    delivery: ProviderDeliverySchema.optional(),
    emulator: z.strictObject({
      script: z.string().min(1).describe('Emulator behaviour file, relative to the config file.'),
    }).optional().describe('Settings of the built-in emulator.'),
  }).prefault({}).describe('Where requests go.'),
  model: z.string().min(1).default('openai:gpt@5-mini').describe('Model identifier (AIR).'),
  concurrency: z.int().min(1).max(256).default(8).describe('Requests in flight at once, 1..256.'),
  database: z.string().min(1).default('.evals/evals.db').describe('SQLite file, relative to the config file.'),
  reportsDir: z.string().min(1).default('reports').describe('Reports directory, relative to the config file.'),
  baselinesDir: z.string().min(1).default('baselines').describe('Baseline files directory, relative to the config file.'),
  thinkingLevels: z.array(z.string().min(1)).min(1).default(DEFAULT_THINKING_LEVELS)
    .describe('The allowed thinkingLevel values.'),
  defaults: z.strictObject({
    settings: DefaultSettingsSchema.prefault({}),
    seeds: SeedsSchema.default([1]),
    numberResults: NumberResultsSchema.default(1),
    pass: PassSchema.default({ rule: 'majority' }),
  }).prefault({}).describe('Applied to every suite unless it says otherwise.'),
  judge: z.strictObject({
    model: z.string().min(1).optional().describe('Judge model (AIR); default: the project model.'),
    settings: z.strictObject({
      systemPrompt: z.string().min(1).max(200000).optional()
        .describe('Judge instructions; default: built-in instructions to grade the output against the rubric.'),
      maxTokens: z.int().min(1).max(128000).default(2048).describe('Maximum judge tokens, 1..128000.'),
      thinkingLevel: z.string().min(1).optional()
        .describe('The judge\'s own reasoning effort; one of thinkingLevels (default "low" when listed).'),
    }).prefault({}),
    seed: z.int().min(0).max(MAX_SEED).default(7).describe('Fixed seed of judge requests, so a rerun asks the judge the same way.'),
    threshold: Fraction.default(0.5).describe('Judge score an llm-rubric needs to pass, unless the assertion sets one.'),
  }).prefault({}).describe('The model that grades llm-rubric assertions, through the run\'s provider.'),
  thresholds: z.strictObject({
    minPassRate: Fraction.default(0).describe('The run fails when its pass rate is below this.'),
    maxErrorRate: Fraction.default(0.1).describe('The run is invalid when its error rate exceeds this.'),
  }).prefault({}).describe('Run-level gates.'),
  gate: GateSchema,
  cache: z.strictObject({
    enabled: z.boolean().default(true).describe('Serve repeated requests from the response cache in the database. @default true'),
    ttlDays: z.number().positive().max(36500).default(30)
      .describe('Cached responses older than this many days are not used (and `evals gc` removes them). @default 30'),
  }).prefault({}).describe('The response cache: a request identical in every setting is answered from the database.'),
}).describe('evals project configuration (evals.config.yaml).')

export type ProjectSpec = z.output<typeof ProjectFileSchema>

export const OverridesSchema = z.strictObject({
  provider: z.enum(['emulator', 'runware']).optional(),
  concurrency: z.int().min(1).max(256).optional(),
  database: z.string().min(1).optional(),
})
