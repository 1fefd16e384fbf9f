import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { request } from 'undici'
import type { GenerateRequest } from '../../src/core/index.js'

export const MODEL = 'openai:gpt@5-mini'

export function textRequest(overrides: Partial<GenerateRequest> = {}): GenerateRequest {
  return {
    model: MODEL,
    messages: [{ role: 'user', content: 'Say something about rivers.' }],
    settings: { maxTokens: 32_000, thinkingLevel: 'low' },
    seed: 42,
    numberResults: 1,
    ...overrides,
  }
}

/** A valid raw wire task with a fresh taskUUID. */
export function wireTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taskType: 'textInference',
    taskUUID: randomUUID(),
    model: MODEL,
    deliveryMethod: 'sync',
    messages: [{ role: 'user', content: 'Say hi' }],
    settings: { maxTokens: 256, thinkingLevel: 'low' },
    includeCost: true,
    includeUsage: true,
    ...overrides,
  }
}

export interface RawReply {
  status: number
  body: any
}

/** POST a raw body (JSON-encoded unless a string) to a URL. */
export async function postRaw(url: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer test-key' }): Promise<RawReply> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.body.text()
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined }
}

export interface FixtureRequest {
  body: string
  headers: IncomingHttpHeaders
}

export interface FixtureReply {
  status: number
  headers?: Record<string, string>
  body: string | object
}

/** A tiny test-owned HTTP server answering with `handler(request, index)`. */
export async function startFixture(handler: (req: FixtureRequest, index: number) => FixtureReply) {
  const requests: FixtureRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const captured = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers }
      requests.push(captured)
      const reply = handler(captured, requests.length - 1)
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** The taskUUID of the single textInference task of a captured request body. */
export function taskUUIDOf(req: FixtureRequest): string {
  const tasks = JSON.parse(req.body) as Array<{ taskType: string; taskUUID: string }>
  return tasks.find((t) => t.taskType === 'textInference')!.taskUUID
}
