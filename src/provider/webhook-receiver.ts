/**
 * The harness's webhook receiver (runware-text-inference.md §7): a node:http server that
 * accepts Runware's webhook POSTs (`{data: [item]}` or `{errors: [...]}`) on any path and
 * hands each item to whoever waits for its taskUUID. It listens on loopback; for the real
 * API a public URL (a tunnel or proxy to this port) is what tasks are sent with.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from './read-body.js'
import { InfraError } from '../core/index.js'
import { type WireErrorItem } from './classify.js'
import { envelopeOf, isRecord } from './envelope.js'

export interface WebhookReceiverOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** The URL Runware should POST to; default the loopback URL of the receiver. */
  publicUrl?: string
}

export interface WebhookWaiter {
  /** Items received so far for the task (success items and error items), in arrival order. */
  readonly items: Array<Record<string, unknown>>
  readonly errors: WireErrorItem[]
  /** Resolves when `done()` holds for what arrived, or at the deadline / abort. */
  until(done: () => boolean, deadlineMs: number, signal?: AbortSignal): Promise<void>
  dispose(): void
}

export interface WebhookReceiver {
  /** What tasks are sent with as `webhookURL`. */
  readonly url: string
  /** The loopback URL the receiver listens on. */
  readonly localUrl: string
  expect(taskUUID: string): WebhookWaiter
  close(): Promise<void>
}

const MAX_BODY_BYTES = 8 * 1024 * 1024

export async function startWebhookReceiver(opts: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const waiters = new Map<string, Waiter>()
  const server = createServer((req, res) => void receive(req, res, waiters))
  await listen(server, opts.port ?? 0)
  const { port } = server.address() as AddressInfo
  const localUrl = `http://127.0.0.1:${port}/webhook`
  return {
    url: opts.publicUrl ?? localUrl,
    localUrl,
    expect(taskUUID) {
      const waiter = new Waiter(() => waiters.delete(taskUUID))
      waiters.set(taskUUID, waiter)
      return waiter
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

class Waiter implements WebhookWaiter {
  readonly items: Array<Record<string, unknown>> = []
  readonly errors: WireErrorItem[] = []
  private wake: (() => void) | undefined

  constructor(readonly dispose: () => void) {}

  add(item: Record<string, unknown> | undefined, error: WireErrorItem | undefined): void {
    if (item) this.items.push(item)
    if (error) this.errors.push(error)
    this.wake?.()
  }

  until(done: () => boolean, deadlineMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', finish)
        this.wake = undefined
        resolve()
      }
      const timer = setTimeout(finish, Math.max(0, deadlineMs - performance.now()))
      signal?.addEventListener('abort', finish, { once: true })
      this.wake = () => {
        if (done()) finish()
      }
      if (done() || signal?.aborted) finish()
    })
  }
}

async function receive(req: IncomingMessage, res: ServerResponse, waiters: Map<string, Waiter>): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' }).end()
    return
  }
  const text = await readBody(req, MAX_BODY_BYTES).catch(() => undefined)
  const envelope = text === undefined ? undefined : parseBody(text)
  if (!envelope) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('expected a JSON envelope {data} or {errors}')
    return
  }
  for (const item of envelope.data) {
    if (isRecord(item) && typeof item.taskUUID === 'string') waiters.get(item.taskUUID)?.add(item, undefined)
  }
  for (const error of envelope.errors) {
    if (typeof error.taskUUID === 'string') waiters.get(error.taskUUID)?.add(undefined, error)
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
}

function parseBody(text: string) {
  try {
    return envelopeOf(JSON.parse(text))
  } catch {
    return undefined
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new InfraError('WEBHOOK_LISTEN_FAILED', `the webhook receiver cannot listen on 127.0.0.1:${port}: ${err.message}`, { cause: err })))
    server.listen(port, '127.0.0.1', () => resolve())
  })
}
