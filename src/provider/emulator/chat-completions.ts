/**
 * The OpenAI-compatible `POST /v1/chat/completions` of the emulator
 * (runware-text-inference.md §10, §12.1 item 5): an OpenAI request is mapped onto a native
 * textInference task (system messages → settings.systemPrompt, max_completion_tokens →
 * settings.maxTokens, reasoning_effort → settings.thinkingLevel, n → numberResults,
 * response_format → JSON mode, tools/tool_choice), validated and synthesized like one, and
 * answered as a chat.completion (or a stream of chat.completion.chunk ending in [DONE]).
 */
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { bearerToken, checkAuth, faultReply, type Reply } from './batch.js'
import { isRecord } from './errors.js'
import { chunk } from './stream.js'
import type { EmulatorState } from './state.js'
import { latencyOf, synthesizeResults, type SynthesizedResult } from './synthesize.js'
import { validateTextInference } from './validate.js'
import { toNativeTask } from './chat-mapping.js'

export type ChatReply = Reply | { kind: 'chat-stream'; results: SynthesizedResult[]; model: string; id: string; includeUsage: boolean }

export async function handleChatCompletion(bodyText: string, authorization: string | undefined, state: EmulatorState): Promise<ChatReply> {
  state.counters.requests++
  const auth = checkAuth(bearerToken(authorization), state)
  if (auth) return openAiError(auth.status, auth.error.message, auth.error.code === 'insufficientCredits' ? 'insufficient_quota' : 'invalid_api_key', null)
  let body: unknown
  try {
    body = JSON.parse(bodyText)
  } catch {
    return openAiError(400, 'the body must be a JSON object', 'invalid_request_error', null)
  }
  if (!isRecord(body)) return openAiError(400, 'the body must be a JSON object', 'invalid_request_error', null)
  const stream = body.stream === true
  const fault = state.faults.next({ target: 'submit', stream })
  if (fault) {
    const early = await faultReply(fault, state)
    if (early) return early
  }
  const mapped = toNativeTask(body, randomUUID())
  if (mapped.error) return openAiError(400, mapped.error.message, 'invalid_request_error', mapped.error.param)
  const { task, errors } = validateTextInference(mapped.task!, { ...state.validation, findTask: () => undefined })
  if (!task) return openAiError(400, errors.map((e) => e.message).join('; '), 'invalid_request_error', errors[0]?.parameter ?? null)
  state.counters.tasks++
  const results = synthesizeResults(task, task.seed ?? state.randomSeed(), state.synthesis)
  const id = `chatcmpl-${task.taskUUID.replace(/-/g, '')}`
  const model = String(body.model)
  if (stream) {
    const options = isRecord(body.stream_options) ? body.stream_options : {}
    return { kind: 'chat-stream', results, model, id, includeUsage: options.include_usage === true }
  }
  await state.sleep(Math.max(0, ...results.map((r) => latencyOf(r, state.script))))
  return { kind: 'json', status: 200, body: completion(id, model, results) }
}

function openAiError(status: number, message: string, code: string, param: string | null): Reply {
  const type = status === 401 ? 'authentication_error' : status === 402 ? 'insufficient_quota' : 'invalid_request_error'
  return { kind: 'json', status, body: { error: { message, type, param, code } } }
}

function toolCallsOf(r: SynthesizedResult) {
  return r.toolCalls?.map((c, index) => ({ index, id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input) } }))
}

function finishReason(r: SynthesizedResult): string {
  return r.finishReason
}

function usageOf(results: SynthesizedResult[]) {
  const prompt = results[0]?.promptTokens ?? 0
  const reasoning = results.reduce((n, r) => n + r.thinkingTokens, 0)
  const completionTokens = results.reduce((n, r) => n + r.completionTokens + r.thinkingTokens, 0)
  return {
    prompt_tokens: prompt,
    completion_tokens: completionTokens,
    total_tokens: prompt + completionTokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning },
  }
}

function completion(id: string, model: string, results: SynthesizedResult[]) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: results.map((r, index) => {
      const calls = toolCallsOf(r)?.map(({ index: _i, ...c }) => c)
      const message = { role: 'assistant', content: calls ? null : r.text, refusal: null, ...(calls ? { tool_calls: calls } : {}) }
      return { index, message, logprobs: null, finish_reason: finishReason(r) }
    }),
    usage: usageOf(results),
  }
}

/** The streamed form: per choice a role chunk, content (or tool-call) chunks and a finish chunk; usage last when asked. */
export async function writeChatStream(res: ServerResponse, reply: Extract<ChatReply, { kind: 'chat-stream' }>, state: EmulatorState): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
  const created = Math.floor(Date.now() / 1000)
  const send = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
    if (!res.destroyed) res.write(`data: ${JSON.stringify({ id: reply.id, object: 'chat.completion.chunk', created, model: reply.model, choices, ...extra })}\n\n`)
  }
  for (const [index, r] of reply.results.entries()) {
    await state.sleep(Math.max(0, latencyOf({ ...r, completionTokens: 0 }, state.script)))
    send([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])
    const calls = toolCallsOf(r)
    if (calls) send([{ index, delta: { tool_calls: calls }, logprobs: null, finish_reason: null }])
    else for (const piece of chunk(r.text, state.script.protocol.streamChunkChars)) send([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }])
    send([{ index, delta: {}, logprobs: null, finish_reason: finishReason(r) }])
  }
  if (reply.includeUsage) send([], { usage: usageOf(reply.results) })
  res.end('data: [DONE]\n\n')
}
