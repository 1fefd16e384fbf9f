/**
 * The protocol sections of the emulator script: injected faults, async and webhook
 * behaviour, scripted tool calls and the choices the reference leaves open
 * (runware-text-inference.md §12, items marked default). Every key is optional:
 *
 *   faults:                       # each by `rate` (0..1 of the requests it applies to) or `at` (request numbers, 1-based)
 *     - { kind: rate_limit, rate: 0.1, retryAfterSeconds: 1 }   # 429 + Retry-After
 *     - { kind: server_error, rate: 0.05, status: 503 }         # 500/502/503/504
 *     - { kind: reset, at: [3] }                                 # connection closed without an answer
 *     - { kind: slow, rate: 0.01, delayMs: 2000 }                # answers late
 *     - { kind: malformed, rate: 0.01 }                          # 200 with a body cut mid-JSON
 *     - { kind: stream_cut, rate: 0.1, afterChunks: 2 }          # stream ends without [DONE] (`error: true`: with an error line)
 *     - { kind: task_error, rate: 0.01 }                         # the generation fails: error item timeoutProvider
 *   faultSeed: 1                  # the draws are a seeded sequence: same requests, same faults
 *   async: { delayMs: 0, perResultDelayMs: 0, retentionMs: 3600000, unknownTask: empty }
 *   webhook: { attempts: 5, baseDelayMs: 200, timeoutMs: 10000 }
 *   protocol: { toolCallsField: toolCalls, streamMultipleResults: reject, streamChunkChars: 12 }
 *   toolCalls:                    # arguments for tool calls (merged over values generated from the tool schema)
 *     - { tool: get_weather, match: "weather in ([A-Za-z ]+)", arguments: { city: "$1" } }
 */
import { z } from 'zod'

export const FAULT_KINDS = ['rate_limit', 'server_error', 'reset', 'slow', 'malformed', 'stream_cut', 'task_error'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Which requests a fault applies to: task submissions (and chat completions), getResponse polls, or both. */
export const FAULT_TARGETS = ['submit', 'poll', 'any'] as const

export const FaultSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS).describe('What goes wrong.'),
    rate: z.number().min(0).max(1).optional().describe('Probability per request it applies to.'),
    at: z.array(z.int().min(1)).min(1).optional().describe('Request numbers (1-based, counted per target) that get this fault.'),
    on: z.enum(FAULT_TARGETS).optional().describe('submit (default: textInference submissions and chat completions), poll (getResponse) or any.'),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional().describe('server_error status. @default 503'),
    retryAfterSeconds: z.int().min(0).optional().describe('rate_limit Retry-After header. @default 1'),
    delayMs: z.number().min(0).optional().describe('slow: extra delay before answering. @default 2000'),
    afterChunks: z.int().min(0).optional().describe('stream_cut: text chunks sent before the cut. @default 2'),
    error: z.boolean().optional().describe('stream_cut: send an error line before closing. @default false'),
  })
  .superRefine((f, ctx) => {
    if ((f.rate === undefined) === (f.at === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['rate'], message: 'give exactly one of `rate` or `at`' })
    }
  })

export const ToolCallRuleSchema = z.strictObject({
  tool: z.string().min(1).describe('The function tool name.'),
  match: z.string().describe('JS regular expression over the last user message; under toolChoice auto a match makes the call.'),
  flags: z.string().regex(/^[imsuv]*$/, 'regex flags may only contain i, m, s, u, v').optional(),
  arguments: z.record(z.string(), z.unknown()).optional().describe('Argument values; "$1".."$9" are replaced by capture groups.'),
})

export const ProtocolSections = {
  faults: z.array(FaultSchema).optional().describe('Injected faults, each by rate or schedule.'),
  faultSeed: z.int().min(0).optional().describe('Seed of the fault draws. @default 1'),
  async: z
    .strictObject({
      delayMs: z.number().min(0).optional().describe('Added to each result of an async task. @default 0'),
      perResultDelayMs: z.number().min(0).optional().describe('Added per result index (result k waits k times this). @default 0'),
      retentionMs: z.number().min(0).optional().describe('How long results stay available to getResponse. @default 3600000'),
      unknownTask: z.enum(['empty', 'error']).optional().describe('getResponse of an unknown taskUUID: {"data":[]} or 400 taskFailedOrNotFound. @default empty'),
    })
    .optional(),
  webhook: z
    .strictObject({
      attempts: z.int().min(1).max(20).optional().describe('POST attempts per result. @default 5'),
      baseDelayMs: z.number().min(0).optional().describe('Backoff before the second attempt; doubles after. @default 200'),
      timeoutMs: z.number().min(1).optional().describe('Per POST. @default 10000'),
    })
    .optional(),
  protocol: z
    .strictObject({
      toolCallsField: z.enum(['toolCalls', 'tools']).optional().describe('Result field of native tool calls. @default toolCalls'),
      streamMultipleResults: z.enum(['reject', 'sequential']).optional()
        .describe('numberResults > 1 with stream: 400 unsupportedParameter, or results one after another. @default reject'),
      streamChunkChars: z.int().min(1).optional().describe('Characters per streamed text delta. @default 12'),
    })
    .optional(),
  toolCalls: z.array(ToolCallRuleSchema).optional().describe('Scripted tool-call arguments; the first matching rule per tool wins.'),
}

export type FaultSpec = z.output<typeof FaultSchema>

export interface ToolCallRule {
  tool: string
  match: string
  flags: string
  arguments: Record<string, unknown>
}

/** The resolved protocol behaviour (defaults applied). */
export interface ProtocolBehaviour {
  faults: FaultSpec[]
  faultSeed: number
  async: { delayMs: number; perResultDelayMs: number; retentionMs: number; unknownTask: 'empty' | 'error' }
  webhook: { attempts: number; baseDelayMs: number; timeoutMs: number }
  protocol: { toolCallsField: 'toolCalls' | 'tools'; streamMultipleResults: 'reject' | 'sequential'; streamChunkChars: number }
  toolCalls: ToolCallRule[]
}

export const defaultProtocol: ProtocolBehaviour = {
  faults: [],
  faultSeed: 1,
  async: { delayMs: 0, perResultDelayMs: 0, retentionMs: 3_600_000, unknownTask: 'empty' },
  webhook: { attempts: 5, baseDelayMs: 200, timeoutMs: 10_000 },
  protocol: { toolCallsField: 'toolCalls', streamMultipleResults: 'reject', streamChunkChars: 12 },
  toolCalls: [],
}

type Written = { [K in keyof typeof ProtocolSections]?: z.output<(typeof ProtocolSections)[K]> }

/** Resolve the written protocol sections over the defaults. */
export function resolveProtocol(written: Written): ProtocolBehaviour {
  const d = defaultProtocol
  return {
    faults: written.faults ?? [],
    faultSeed: written.faultSeed ?? d.faultSeed,
    async: { ...d.async, ...stripUndefined(written.async) },
    webhook: { ...d.webhook, ...stripUndefined(written.webhook) },
    protocol: { ...d.protocol, ...stripUndefined(written.protocol) },
    toolCalls: (written.toolCalls ?? []).map((r) => ({ tool: r.tool, match: r.match, flags: r.flags ?? '', arguments: r.arguments ?? {} })),
  }
}

/** Keys allowed under each protocol section, for did-you-mean hints. */
export const PROTOCOL_KEYS: Record<string, string[]> = {
  faults: Object.keys(FaultSchema.shape),
  async: Object.keys(ProtocolSections.async.unwrap().shape),
  webhook: Object.keys(ProtocolSections.webhook.unwrap().shape),
  protocol: Object.keys(ProtocolSections.protocol.unwrap().shape),
  toolCalls: Object.keys(ToolCallRuleSchema.shape),
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}
