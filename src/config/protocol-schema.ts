import { z } from 'zod'

/**
 * Written shapes of the protocol keys of suites and of `provider.delivery` in
 * evals.config.yaml: tools, toolChoice, inputs.images, deliveryMethod and delivery timings
 * (runware-text-inference.md §2, §5-7). Everything here is valid against the real API.
 */

export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/

const SchemaRef = z.union([
  z.record(z.string(), z.unknown()).describe('An inline JSON Schema of the arguments.'),
  z.string().min(1).describe('Path (relative to the suite file) of a .json/.yaml/.yml JSON Schema file.'),
])

export const ToolSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('function').describe('A function the model may call; its calls are recorded on the sample.'),
    name: z.string().regex(TOOL_NAME, 'tool names are 1-64 letters, digits, "-" or "_"').describe('Function name, unique in the suite.'),
    description: z.string().optional().describe('What the function does (the model reads this).'),
    schema: SchemaRef.describe('JSON Schema of the arguments, inline or a file path.'),
  }),
  z.strictObject({
    type: z.enum(['search', 'codeInterpreter']).describe('A server-side tool: Runware runs it; no calls surface.'),
    description: z.string().optional(),
  }),
]).describe('A tool: {type: function, name, schema} or a server-side {type: search | codeInterpreter}.')

export const ToolChoiceSchema = z.union([
  z.enum(['auto', 'any', 'none']).describe('auto (the model decides), any (some function tool), none (no tool).'),
  z.strictObject({
    type: z.enum(['auto', 'any', 'tool', 'none']).describe('tool: call the function named by `name`.'),
    name: z.string().min(1).optional().describe('The function tool to call (type tool only).'),
  }),
]).describe('Which tool the model must use: auto | any | none | {type: tool, name}.')

export const InputsSchema = z.strictObject({
  images: z.array(z.string().min(1)).min(1)
    .describe('Images: file paths (relative to the suite file; sent as data URIs), http(s) or data: URLs, or uploaded-image UUIDs (sent as they are).'),
}).describe('Inputs sent with every request of the suite.')

export const DeliveryMethodSchema = z.enum(['sync', 'async', 'stream', 'webhook'])
  .describe('How results come back: sync, async (getResponse polling), stream (SSE; measures time to first token) or webhook.')

const DeliveryTimings = {
  pollIntervalMs: z.int().min(1).optional().describe('First getResponse poll after this long; later polls ×1.5. @default 1000'),
  pollMaxIntervalMs: z.int().min(1).optional().describe('Cap of the poll interval. @default 10000'),
  pollTimeoutMs: z.int().min(1).optional()
    .describe('Budget of an async or webhook task; results that arrived by then are kept, the rest are errors. @default 1200000'),
}

export const SuiteDeliverySchema = z.strictObject(DeliveryTimings)
  .describe('Delivery timings of this suite (override provider.delivery).')

export const ProviderDeliverySchema = z.strictObject({
  ...DeliveryTimings,
  webhookUrl: z.url().optional()
    .describe('Public URL that forwards to the webhook receiver (needed for deliveryMethod webhook against the real API).'),
  webhookPort: z.int().min(0).max(65535).optional().describe('Loopback port of the webhook receiver. @default 0 (a free port)'),
}).describe('Delivery timings and the webhook receiver.')

export const ToolCallSpecSchema = z.strictObject({
  id: z.string().min(1).describe('Call id, answered by a tool message with the same toolCallId.'),
  name: z.string().regex(TOOL_NAME, 'tool names are 1-64 letters, digits, "-" or "_"'),
  arguments: z.record(z.string(), z.unknown()).default({}).describe('The arguments object.'),
})

export type ToolSpecWritten = z.output<typeof ToolSchema>
export type ToolChoiceWritten = z.output<typeof ToolChoiceSchema>
