/**
 * The Runware emulator: a real node:http server on 127.0.0.1 speaking the native API
 * (`POST /v1`, JSON array of tasks; sync, async + getResponse, SSE stream, webhooks), the
 * WebSocket transport on the same path, the OpenAI-compatible `POST /v1/chat/completions`,
 * injected faults, and a read-only control endpoint `GET /_emulator`. The answers come from
 * the emulator script (see script.ts) and are deterministic for a given request and seed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from '../read-body.js'
import { InfraError } from '../../core/index.js'
import { handleBatch, type Reply } from './batch.js'
import { handleChatCompletion, writeChatStream, type ChatReply } from './chat-completions.js'
import type { FaultKind } from './script-protocol.js'
import { createState, type EmulatorOptions, type EmulatorState } from './state.js'
import { writeStream } from './stream.js'
import type { WebhookDelivery } from './webhooks.js'
import { attachWebSocket } from './websocket.js'

export { EMULATOR_MODELS, type EmulatorOptions } from './state.js'

export interface EmulatorHandle {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234/v1`. */
  url: string
  /** The WebSocket URL of the same endpoint, e.g. `ws://127.0.0.1:41234/v1`. */
  wsUrl: string
  close(): Promise<void>
  stats(): { requests: number; tasks: number }
  /** Faults injected so far, by kind. */
  faults(): Record<FaultKind, number>
  /** Every webhook POST attempt so far. */
  webhookDeliveries(): WebhookDelivery[]
}

const MAX_BODY_BYTES = 32 * 1024 * 1024
const MALFORMED_BODY = '{"data":[{"taskType":"textInference","taskUUID":"'

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const state = createState(opts)
  const server = createServer((req, res) => {
    handleRequest(req, res, state).catch((err: unknown) => sendJson(res, 500, internalError(err)))
  })
  server.keepAliveTimeout = 30_000
  const ws = await attachWebSocket(server, state)
  await listen(server, opts.port ?? 0)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    wsUrl: `ws://127.0.0.1:${port}/v1`,
    close: async () => {
      await state.webhooks.close()
      await ws.close()
      await closeServer(server)
    },
    stats: () => ({ ...state.counters }),
    faults: () => state.faults.counts(),
    webhookDeliveries: () => state.webhooks.deliveries(),
  }
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, state: EmulatorState): Promise<void> {
  // A task's latency counts from here, so the time spent reading and checking the request is part of it.
  const arrivedAt = state.now()
  const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')
  if (path === '/_emulator' && req.method === 'GET') {
    return sendJson(res, 200, { stats: state.counters, faults: state.faults.counts(), webhooks: state.webhooks.deliveries(), asyncTasks: state.jobs.size })
  }
  if (path !== '/v1' && path !== '/v1/chat/completions') {
    return sendJson(res, 404, { data: [], errors: [{ code: 'notFound', message: `no route ${req.method} ${path}; use POST /v1 or POST /v1/chat/completions` }] })
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    return sendJson(res, 405, { data: [], errors: [{ code: 'methodNotAllowed', message: `${req.method} ${path} is not supported; use POST` }] })
  }
  const body = await readBody(req, MAX_BODY_BYTES)
  if (body === undefined) {
    return sendJson(res, 413, { data: [], errors: [{ code: 'payloadTooLarge', message: `the body exceeds ${MAX_BODY_BYTES} bytes` }] })
  }
  const reply = path === '/v1' ? await handleBatch(body, req.headers.authorization, state, arrivedAt) : await handleChatCompletion(body, req.headers.authorization, state)
  await sendReply(req, res, reply, state)
}

async function sendReply(req: IncomingMessage, res: ServerResponse, reply: Reply | ChatReply, state: EmulatorState): Promise<void> {
  switch (reply.kind) {
    case 'json':
      return sendJson(res, reply.status, reply.body, reply.headers)
    case 'stream':
      return writeStream(res, reply.prepared, state, reply.fault)
    case 'chat-stream':
      return writeChatStream(res, reply, state)
    case 'reset':
      req.socket.destroy()
      return
    case 'malformed':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(MALFORMED_BODY) })
      res.end(MALFORMED_BODY)
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function internalError(err: unknown): unknown {
  const message = `emulator internal error: ${err instanceof Error ? err.message : String(err)}`
  return { data: [], errors: [{ code: 'internalServerError', message }] }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(new InfraError('EMULATOR_LISTEN_FAILED', `the emulator cannot listen on 127.0.0.1:${port}: ${err.message}`, { cause: err }))
    }
    server.once('error', onError)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    server.closeAllConnections()
  })
}
