/**
 * The WebSocket transport of the emulator on the same `/v1` endpoint
 * (runware-text-inference.md §1, §9, §12.1 item 6): the first frame must hold the
 * `authentication` task, answered with a `connectionSessionUUID`; later frames carry task
 * arrays (textInference sync/async, getResponse, ping) answered as `{data, errors}` frames
 * with the same item shapes as REST. Streaming is HTTP-only.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { RawData, WebSocket } from 'ws'
import { checkAuth, envelope, runTasks } from './batch.js'
import { lazyRequire } from '../../core/index.js'
import { isRecord } from './errors.js'
import type { EmulatorState } from './state.js'

export interface WebSocketTransport {
  close(): Promise<void>
}

/** `ws` is loaded when an emulator starts, not when the CLI starts (it costs ~70 ms to load). */
export async function attachWebSocket(server: Server, state: EmulatorState): Promise<WebSocketTransport> {
  const { WebSocketServer } = lazyRequire<typeof import('ws')>('ws')
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 })
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')
    if (path !== '/v1') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, state))
  }
  server.on('upgrade', onUpgrade)
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade)
        for (const client of wss.clients) client.terminate()
        wss.close(() => resolve())
      }),
  }
}

function serve(ws: WebSocket, state: EmulatorState): void {
  let session: string | undefined
  const send = (frame: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
  }
  ws.on('message', (data: RawData) => {
    void onFrame(data).catch((err: unknown) => {
      send({ errors: [{ code: 'internalServerError', message: `emulator internal error: ${err instanceof Error ? err.message : String(err)}` }] })
    })
  })

  async function onFrame(data: RawData): Promise<void> {
    let tasks = parseFrame(data)
    if (!tasks) {
      send({ errors: [{ code: 'invalidParameter', message: 'a frame must be a JSON array of tasks' }] })
      return
    }
    const first = tasks[0]
    if (isRecord(first) && first.taskType === 'authentication') {
      const failed = checkAuth(first.apiKey, state)
      if (failed) {
        send({ errors: [failed.error] })
        ws.close(1008, failed.error.code)
        return
      }
      session = typeof first.connectionSessionUUID === 'string' ? first.connectionSessionUUID : (session ?? randomUUID())
      send({ data: [{ taskType: 'authentication', connectionSessionUUID: session }] })
      tasks = tasks.slice(1)
    } else if (session === undefined) {
      const message = 'the first frame must hold the authentication task {"taskType":"authentication","apiKey":…}'
      send({ errors: [{ code: 'invalidApiKey', message, parameter: 'apiKey', taskType: 'authentication' }] })
      ws.close(1008, 'authentication required')
      return
    }
    if (tasks.length === 0) return
    state.counters.requests++
    state.counters.tasks += tasks.length
    const reply = envelope(await runTasks(tasks, state))
    send(reply.body)
  }
}

function parseFrame(data: RawData): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'))
    if (Array.isArray(value)) return value
    return isRecord(value) ? [value] : undefined
  } catch {
    return undefined
  }
}
