/**
 * The Runware emulator: a real node:http server on 127.0.0.1 speaking the native API
 * (`POST /v1`, JSON array of tasks). Sync delivery only for now; the answers come from the
 * emulator script (see script.ts) and are deterministic for a given request and seed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InfraError } from '../../core/index.js'
import { compileRules } from './answers.js'
import { handleBatch, type EmulatorState } from './batch.js'
import { DEFAULT_THINKING_LEVELS, defaultEmulatorScript, type EmulatorScript } from './script.js'

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** The behaviour; default `defaultEmulatorScript`. */
  script?: EmulatorScript
  /** Allowed settings.thinkingLevel values, lowest first. @default ['off','minimal','low','medium','high'] */
  thinkingLevels?: readonly string[]
  /** Strict mode: only these keys are valid. Default: any non-empty key. */
  apiKeys?: readonly string[]
  /** Keys answered with 402 insufficientCredits. */
  noCreditKeys?: readonly string[]
  /** Accepted `model` values. @default ['openai:gpt@5-mini', 'openai-gpt-5-mini'] */
  models?: readonly string[]
  /** Ignore unknown root/settings keys instead of rejecting them with unsupportedParameter. @default false */
  ignoreUnknownParameters?: boolean
}

export interface EmulatorHandle {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234/v1`. */
  url: string
  close(): Promise<void>
  stats(): { requests: number; tasks: number }
}

const MAX_BODY_BYTES = 32 * 1024 * 1024
export const EMULATOR_MODELS: readonly string[] = ['openai:gpt@5-mini', 'openai-gpt-5-mini']

export async function startEmulator(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const state = createState(opts)
  const server = createServer((req, res) => {
    handleRequest(req, res, state).catch((err: unknown) => sendJson(res, 500, internalError(err)))
  })
  server.keepAliveTimeout = 30_000
  await listen(server, opts.port ?? 0)
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () => closeServer(server),
    stats: () => ({ ...state.counters }),
  }
}

function createState(opts: EmulatorOptions): EmulatorState {
  const script = opts.script ?? defaultEmulatorScript
  const levels = opts.thinkingLevels ?? DEFAULT_THINKING_LEVELS
  return {
    synthesis: { script, rules: compileRules(script), levels },
    validation: {
      thinkingLevels: levels,
      models: opts.models ?? EMULATOR_MODELS,
      deliveryMethods: ['sync'],
      ignoreUnknownParameters: opts.ignoreUnknownParameters ?? false,
    },
    apiKeys: opts.apiKeys ? new Set(opts.apiKeys) : undefined,
    noCreditKeys: new Set(opts.noCreditKeys ?? []),
    tasks: new Map(),
    counters: { requests: 0, tasks: 0 },
    sleep: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
    randomSeed: () => Math.floor(Math.random() * 2_147_483_648),
  }
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, state: EmulatorState): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')
  if (path !== '/v1') {
    return sendJson(res, 404, { data: [], errors: [{ code: 'notFound', message: `no route ${req.method} ${path}; use POST /v1` }] })
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST')
    return sendJson(res, 405, { data: [], errors: [{ code: 'methodNotAllowed', message: `${req.method} /v1 is not supported; use POST` }] })
  }
  const body = await readBody(req)
  if (body === undefined) {
    return sendJson(res, 413, { data: [], errors: [{ code: 'payloadTooLarge', message: `the body exceeds ${MAX_BODY_BYTES} bytes` }] })
  }
  const reply = await handleBatch(body, req.headers.authorization, state)
  sendJson(res, reply.status, reply.body)
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
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
