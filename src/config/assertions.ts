import { z } from 'zod'

/**
 * Assertion specs as written in suites. The grader registry (src/graders) is typed over
 * `AssertionSpec['type']`, so adding a type here without a grader fails to compile.
 * String `value`s are handlebars templates over the case vars, rendered per case.
 */

const base = {
  weight: z.number().min(0).default(1).describe('Weight in the sample score; 0 records the grade without counting it.'),
  description: z.string().optional().describe('Shown in reports next to the verdict.'),
}

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
  value: z.union([z.record(z.string(), z.unknown()), z.string()])
    .describe('A JSON Schema object, or a path (relative to the suite file) to a .json/.yaml schema file.'),
  ...base,
})

export const AssertionSchema = z.discriminatedUnion('type', [
  TextAssertionSchema,
  IsJsonAssertionSchema,
  JsonSchemaAssertionSchema,
])

export type AssertionInput = z.input<typeof AssertionSchema>
/** An assertion as written (after defaults). */
export type AssertionSpec = z.output<typeof AssertionSchema>
export type AssertionType = AssertionSpec['type']

/** An assertion after loading: schema files read, so graders never touch the disk. */
export type ResolvedAssertion =
  | Exclude<AssertionSpec, { type: 'json-schema' }>
  | (Omit<Extract<AssertionSpec, { type: 'json-schema' }>, 'value'> & { value: Record<string, unknown> })
