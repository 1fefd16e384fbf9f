/**
 * SSE delivery of the emulator (runware-text-inference.md §12.6): after the simulated
 * thinking time, the text in small `delta` chunks, then a final chunk with finishReason,
 * usage, cost and tool calls, then `data: [DONE]`. Injected faults cut the stream (no
 * `[DONE]`, optionally after an error line) or fail the generation mid-stream.
 */
import type { ServerResponse } from 'node:http'
import type { FaultSpec } from './script-protocol.js'
import type { EmulatorState } from './state.js'
import { costOf, type SynthesizedResult } from './synthesize.js'
import { providerFailure, type PreparedStream } from './text-task.js'

export async function writeStream(res: ServerResponse, prepared: PreparedStream, state: EmulatorState, fault?: FaultSpec): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
  const { task, results } = prepared
  const sequential = results.length > 1
  for (const [k, r] of results.entries()) {
    const base = { taskUUID: task.taskUUID, taskType: 'textInference', ...(sequential ? { resultIndex: k } : {}) }
    await state.sleep(thinkingMs(r, state))
    const pieces = chunk(r.text, state.script.protocol.streamChunkChars)
    for (const [i, piece] of pieces.entries()) {
      if (res.destroyed) return
      if (cutHere(fault, i, false)) return cut(res, fault!, task.taskUUID)
      send(res, { ...base, delta: { text: piece }, finishReason: null })
      await state.sleep(pieceMs(piece, state))
    }
    if (cutHere(fault, pieces.length, true)) return cut(res, fault!, task.taskUUID)
    send(res, finalChunk(base, r, task, state))
  }
  res.end('data: [DONE]\n\n')
}

/** Whether the fault ends the stream after `sent` text chunks (task_error: after the first one). */
function cutHere(fault: FaultSpec | undefined, sent: number, atEnd: boolean): boolean {
  if (fault?.kind === 'task_error') return sent >= 1 || atEnd
  return fault?.kind === 'stream_cut' && (sent >= (fault.afterChunks ?? 2) || atEnd)
}

/** End the stream early: an error line and a clean end, or the connection dropped mid-stream. */
function cut(res: ServerResponse, fault: FaultSpec, taskUUID: string): void {
  if (fault.kind === 'task_error') {
    const { status: _s, ...error } = providerFailure(taskUUID)
    res.end(`data: ${JSON.stringify({ errors: [error] })}\n\n`)
  } else if (fault.error) {
    const error = { code: 'streamInterrupted', message: 'the stream was interrupted (injected fault)', taskType: 'textInference', taskUUID }
    res.end(`data: ${JSON.stringify({ errors: [error] })}\n\n`)
  } else {
    res.destroy()
  }
}

function send(res: ServerResponse, chunkObject: unknown): void {
  if (!res.destroyed) res.write(`data: ${JSON.stringify(chunkObject)}\n\n`)
}

function finalChunk(base: Record<string, unknown>, r: SynthesizedResult, task: PreparedStream['task'], state: EmulatorState): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, delta: {}, finishReason: r.finishReason }
  if (task.includeUsage) {
    const { promptTokens, completionTokens, thinkingTokens } = r
    out.usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, thinkingTokens }
  }
  if (task.includeCost) out.cost = costOf(r, state.script)
  if (r.toolCalls) out[state.script.protocol.toolCallsField] = r.toolCalls
  return out
}

/** Text in pieces of about `size` characters, split after whitespace where possible. */
export function chunk(text: string, size: number): string[] {
  const pieces: string[] = []
  let rest = text
  while (rest.length > size) {
    const space = rest.lastIndexOf(' ', size)
    const at = space > 0 ? space + 1 : size
    pieces.push(rest.slice(0, at))
    rest = rest.slice(at)
  }
  if (rest !== '') pieces.push(rest)
  return pieces
}

/** Time to the first token: the fixed latency, else base + thinking at the generation speed. */
function thinkingMs(r: SynthesizedResult, state: EmulatorState): number {
  const { baseMs, tokensPerSecond, scale, fixedMs } = state.script.latency
  if (fixedMs !== null) return fixedMs
  return (baseMs + (r.thinkingTokens / tokensPerSecond) * 1000) * scale
}

function pieceMs(piece: string, state: EmulatorState): number {
  const { tokensPerSecond, scale, fixedMs } = state.script.latency
  if (fixedMs !== null) return 0
  return (Math.ceil(piece.length / 4) / tokensPerSecond) * 1000 * scale
}
