import { z } from 'zod'

/**
 * Assertion specs as written in suites. The grader registry (src/graders) is typed over
 * `AssertionSpec['type']`, so adding a type here without a grader fails to compile.
 * String `value`s are handlebars templates over the case vars, rendered per case
 * (except `javascript`, whose value is code).
 */

const base = {
  weight: z.number().min(0).default(1).describe('Weight in the sample score; 0 records the grade without counting it.'),
  description: z.string().optional().describe('Shown in reports next to the verdict.'),
}

const Fraction = z.number().min(0).max(1)
const SchemaRef = z.union([z.record(z.string(), z.unknown()), z.string()])

const textTypes = ['equals', 'contains', 'icontains', 'starts-with', 'regex'] as const
export const TEXT_ASSERTION_TYPES = [...textTypes, ...textTypes.map((t) => `not-${t}` as const)] as const
export type TextAssertionType = (typeof TEXT_ASSERTION_TYPES)[number]

export const TextAssertionSchema = z.strictObject({
  type: z.enum(TEXT_ASSERTION_TYPES),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String)
    .describe('Expected text (a template over the case vars); for regex, the pattern.'),
  flags: z.string().regex(/^[dgimsuy]*$/, 'regex flags may only contain d, g, i, m, s, u, y').optional()
    .describe('Regex flags, e.g. "i".'),
  ...base,
})

export const IsJsonAssertionSchema = z.strictObject({
  type: z.enum(['is-json', 'not-is-json']),
  ...base,
})

export const JsonSchemaAssertionSchema = z.strictObject({
  type: z.literal('json-schema'),
  value: SchemaRef
    .describe('A JSON Schema object, or a path (relative to the suite file) to a .json/.yaml schema file.'),
  ...base,
})

export const LlmRubricAssertionSchema = z.strictObject({
  type: z.literal('llm-rubric'),
  value: z.string().min(1)
    .describe('The rubric the judge grades against: a template over the case vars and {{output}} (the sample output).'),
  threshold: Fraction.optional()
    .describe('Judge score (0..1) the sample needs to pass; default: judge.threshold of the project (0.5).'),
  samples: z.int().min(1).max(9).default(1)
    .describe('Ask the judge this many times (1..9) and take the majority; the agreement is recorded.'),
  ...base,
})

export const ToolCallAssertionSchema = z.strictObject({
  type: z.literal('tool-call'),
  name: z.string().min(1).describe('The tool (function) name.'),
  called: z.boolean().default(true)
    .describe('true: some call of the tool matches; false: no call of the tool matches (with no arguments/schema: it was not called).'),
  arguments: z.record(z.string(), z.unknown()).optional()
    .describe('Expected argument values: every key listed must equal (string values are templates over the case vars).'),
  schema: SchemaRef.optional()
    .describe('JSON Schema the arguments must be valid against: an object, or a path relative to the suite file.'),
  ...base,
})

export const FinishReasonAssertionSchema = z.strictObject({
  type: z.literal('finish-reason'),
  value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('The expected finishReason (e.g. stop, length, tool_calls), or a list of accepted ones.'),
  ...base,
})

export const CostAssertionSchema = z.strictObject({
  type: z.literal('cost'),
  threshold: z.number().min(0).describe('Maximum cost of the sample in USD (the system under test only; the judge is apart).'),
  ...base,
})

export const LatencyAssertionSchema = z.strictObject({
  type: z.literal('latency'),
  threshold: z.number().min(0).describe('Maximum latency of the request in milliseconds; a cached sample never passes.'),
  ...base,
})

export const TokensAssertionSchema = z.strictObject({
  type: z.literal('tokens'),
  maxCompletion: z.int().min(0).optional().describe('Maximum completion tokens of the sample.'),
  maxThinking: z.int().min(0).optional().describe('Maximum thinking (reasoning) tokens of the sample.'),
  ...base,
}).refine((a) => a.maxCompletion !== undefined || a.maxThinking !== undefined, {
  message: 'expected maxCompletion and/or maxThinking',
  path: ['maxCompletion'],
})

export const JavascriptAssertionSchema = z.strictObject({
  type: z.literal('javascript'),
  value: z.string().min(1).optional()
    .describe('Inline code over `output`, `vars` and `sample`: an expression, or a body with `return`.'),
  file: z.string().min(1).optional()
    .describe('A .js/.mjs module (relative to the suite file) whose function grades the sample.'),
  function: z.string().min(1).optional().describe('The exported function of `file` (default: the default export).'),
  threshold: Fraction.optional().describe('Score needed to pass when the code returns a number (default 0.5).'),
  ...base,
}).superRefine((a, ctx) => {
  if ((a.value === undefined) === (a.file === undefined)) {
    const found = a.value === undefined ? 'neither' : 'both'
    ctx.addIssue({ code: 'custom', path: ['value'], message: `give exactly one of \`value\` (inline code) or \`file\`, found ${found}` })
  }
  if (a.function !== undefined && a.file === undefined) {
    ctx.addIssue({ code: 'custom', path: ['function'], message: '`function` names an export of `file`; expected `file` as well' })
  }
})

export const SimilarityAssertionSchema = z.strictObject({
  type: z.literal('similarity'),
  value: z.union([z.string(), z.number(), z.boolean()]).transform(String)
    .describe('Expected text (a template over the case vars).'),
  threshold: Fraction.default(0.8).describe('Minimum similarity, 1 - Levenshtein distance / longer length (default 0.8).'),
  ignoreCase: z.boolean().default(false).describe('Compare case-insensitively.'),
  ...base,
})

export const AssertionSchema = z.discriminatedUnion('type', [
  TextAssertionSchema,
  IsJsonAssertionSchema,
  JsonSchemaAssertionSchema,
  LlmRubricAssertionSchema,
  ToolCallAssertionSchema,
  FinishReasonAssertionSchema,
  CostAssertionSchema,
  LatencyAssertionSchema,
  TokensAssertionSchema,
  JavascriptAssertionSchema,
  SimilarityAssertionSchema,
])

export type AssertionInput = z.input<typeof AssertionSchema>
/** An assertion as written (after defaults). */
export type AssertionSpec = z.output<typeof AssertionSchema>
export type AssertionType = AssertionSpec['type']

type Spec<T extends AssertionType> = Extract<AssertionSpec, { type: T }>

/**
 * An assertion after loading: schema files read (so graders never touch the disk for them)
 * and a javascript `file` made relative to the project root (so suite hashes do not depend
 * on where the project lives).
 */
export type ResolvedAssertion =
  | Exclude<AssertionSpec, { type: 'json-schema' | 'tool-call' }>
  | (Omit<Spec<'json-schema'>, 'value'> & { value: Record<string, unknown> })
  | (Omit<Spec<'tool-call'>, 'schema'> & { schema?: Record<string, unknown> })

const TEMPLATE_VALUED: ReadonlySet<string> = new Set([...TEXT_ASSERTION_TYPES, 'similarity', 'llm-rubric'])

/** Types whose string `value` is a template over the case vars (javascript's is code, finish-reason's a name). */
export function hasTemplateValue(type: AssertionType): boolean {
  return TEMPLATE_VALUED.has(type)
}

/** The var that rubrics use for the sample output (it shadows a case var of that name). */
export const RUBRIC_OUTPUT_VAR = 'output'
