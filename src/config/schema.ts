import { z } from 'zod'
import { AssertionSchema } from './assertions.js'

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
  role: z.enum(['user', 'assistant']).describe('Who says it: user or assistant.'),
  content: z.string().describe('Message text, a handlebars template over the case vars.'),
})

export const PromptSchema = z.union([
  z.string().min(1).describe('One user message (a handlebars template over the case vars).'),
  z.array(MessageSchema).min(1).describe('A conversation: a list of {role, content} messages.'),
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
})

export const SuiteFileSchema = z.strictObject({
  name: name('suite name').describe('Suite name, unique across the project.'),
  description: z.string().optional().describe('Shown in reports.'),
  prompt: PromptSchema.optional(),
  settings: SettingsSchema.optional(),
  outputFormat: OutputFormatSchema.optional(),
  jsonSchema: JsonSchemaRefSchema.optional(),
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
    emulator: z.strictObject({
      script: z.string().min(1).describe('Emulator behaviour file, relative to the config file.'),
    }).optional().describe('Settings of the built-in emulator.'),
  }).prefault({}).describe('Where requests go.'),
  model: z.string().min(1).default('openai:gpt@5-mini').describe('Model identifier (AIR).'),
  concurrency: z.int().min(1).max(256).default(8).describe('Requests in flight at once, 1..256.'),
  database: z.string().min(1).default('.evals/evals.db').describe('SQLite file, relative to the config file.'),
  reportsDir: z.string().min(1).default('reports').describe('Reports directory, relative to the config file.'),
  thinkingLevels: z.array(z.string().min(1)).min(1).default(DEFAULT_THINKING_LEVELS)
    .describe('The allowed thinkingLevel values.'),
  defaults: z.strictObject({
    settings: DefaultSettingsSchema.prefault({}),
    seeds: SeedsSchema.default([1]),
    numberResults: NumberResultsSchema.default(1),
    pass: PassSchema.default({ rule: 'majority' }),
  }).prefault({}).describe('Applied to every suite unless it says otherwise.'),
  thresholds: z.strictObject({
    minPassRate: Fraction.default(0).describe('The run fails when its pass rate is below this.'),
    maxErrorRate: Fraction.default(0.1).describe('The run is invalid when its error rate exceeds this.'),
  }).prefault({}).describe('Run-level gates.'),
}).describe('evals project configuration (evals.config.yaml).')

export type ProjectSpec = z.output<typeof ProjectFileSchema>

export const OverridesSchema = z.strictObject({
  provider: z.enum(['emulator', 'runware']).optional(),
  concurrency: z.int().min(1).max(256).optional(),
  database: z.string().min(1).optional(),
})
