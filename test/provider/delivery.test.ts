import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRunwareProvider, parseEmulatorScript, ProviderError, startEmulator, type EmulatorHandle, type RunwareProvider,
} from '../../src/provider/index.js'
import { textRequest } from './helpers.js'

const fast = { pollIntervalMs: 5, pollMaxIntervalMs: 20, pollTimeoutMs: 5_000 }
const cleanups: Array<() => Promise<void>> = []
let emulator: EmulatorHandle
let client: RunwareProvider

async function pair(script: string, delivery = fast) {
  const emu = await startEmulator({ script: parseEmulatorScript(script) })
  const c = createRunwareProvider({ id: 'emulator', baseUrl: emu.url, apiKey: 'delivery-key', timeoutMs: 5_000, delivery })
  cleanups.push(() => c.close(), () => emu.close())
  return { emu, client: c }
}

beforeAll(async () => {
  ;({ emu: emulator, client } = await pair(''))
})
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c()
})

describe('every delivery method gives the same results', () => {
  it.each(['async', 'stream', 'webhook'] as const)('%s equals sync for the same request and seed', async (method) => {
    const sync = await client.generate(textRequest({ seed: 5, numberResults: 2 }))
    const other = await client.generate(textRequest({ seed: 5, numberResults: 2, deliveryMethod: method }))
    expect(other.results).toEqual(sync.results)
    expect(other.attempts).toBe(1)
    expect(other.missing).toBeUndefined()
    if (method === 'stream') expect(other.ttftMs).toBeGreaterThan(0)
    else expect(other.ttftMs).toBeUndefined()
  })
})

describe('async delivery', () => {
  it('polls getResponse until every result is in', async () => {
    const { emu, client: c } = await pair('async: { delayMs: 60 }')
    const before = emu.stats().requests
    const res = await c.generate(textRequest({ deliveryMethod: 'async', numberResults: 3 }))
    expect(res.results).toHaveLength(3)
    expect(res.latencyMs).toBeGreaterThanOrEqual(60)
    // One submission, then at least two polls (the first ones found the task processing).
    expect(emu.stats().requests - before).toBeGreaterThanOrEqual(3)
  })

  it('keeps the results that arrived when the budget runs out (partial results)', async () => {
    const { client: c } = await pair('async: { perResultDelayMs: 60000 }', { ...fast, pollTimeoutMs: 150 })
    const res = await c.generate(textRequest({ deliveryMethod: 'async', numberResults: 2 }))
    expect(res.results).toHaveLength(1)
    expect(res.missing).toMatchObject({ kind: 'timeout', code: 'PROVIDER_POLL_TIMEOUT' })
  })

  it('fails with a timeout when nothing arrived in time', async () => {
    const { client: c } = await pair('async: { delayMs: 60000 }', { ...fast, pollTimeoutMs: 100 })
    await expect(c.generate(textRequest({ deliveryMethod: 'async' }))).rejects.toMatchObject({ kind: 'timeout', code: 'PROVIDER_POLL_TIMEOUT', retryable: true })
  })

  it('reports a failed generation with its provider error', async () => {
    const { client: c } = await pair('faults: [{ kind: task_error, at: [1] }]')
    await expect(c.generate(textRequest({ deliveryMethod: 'async' }))).rejects.toMatchObject({ kind: 'provider', code: 'timeoutProvider', retryable: true })
  })

  it('rides out polls that hit 429 and 503', async () => {
    const { emu, client: c } = await pair('faults: [{ kind: rate_limit, on: poll, at: [1], retryAfterSeconds: 0 }, { kind: server_error, on: poll, at: [2] }]')
    const res = await c.generate(textRequest({ deliveryMethod: 'async' }))
    expect(res.results).toHaveLength(1)
    expect(emu.faults()).toMatchObject({ rate_limit: 1, server_error: 1 })
  })

  it('rejects an invalid task at submission, with the parameter', async () => {
    const err = await client.generate(textRequest({ deliveryMethod: 'async', settings: { thinkingLevel: 'extreme' } })).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'validation', code: 'invalidThinkingLevel', parameter: 'settings.thinkingLevel', status: 400 })
  })
})

describe('stream delivery', () => {
  it('measures time to first token and reads usage and cost from the final chunk', async () => {
    const { client: c } = await pair('latency: { baseMs: 30, tokensPerSecond: 90000, scale: 1 }')
    const res = await c.generate(textRequest({ deliveryMethod: 'stream', settings: { thinkingLevel: 'low' } }))
    const r = res.results[0]!
    expect(res.ttftMs).toBeGreaterThanOrEqual(30)
    expect(res.latencyMs).toBeGreaterThanOrEqual(res.ttftMs!)
    expect(r.usage!.thinkingTokens).toBeGreaterThan(0)
    expect(r.costUsd).toBeGreaterThan(0)
    expect(r.finishReason).toBe('stop')
  })

  it('treats a stream cut mid-way as a retryable network failure', async () => {
    const { client: c } = await pair('faults: [{ kind: stream_cut, at: [1], afterChunks: 1 }]')
    await expect(c.generate(textRequest({ deliveryMethod: 'stream' }))).rejects.toMatchObject({ kind: 'network', retryable: true })
    expect((await c.generate(textRequest({ deliveryMethod: 'stream' }))).results).toHaveLength(1)
  })

  it('treats an error line mid-stream as the failure it names', async () => {
    const { client: c } = await pair('faults: [{ kind: task_error, at: [1] }, { kind: stream_cut, at: [2], error: true }]')
    await expect(c.generate(textRequest({ deliveryMethod: 'stream' }))).rejects.toMatchObject({ kind: 'provider', code: 'timeoutProvider' })
    await expect(c.generate(textRequest({ deliveryMethod: 'stream' }))).rejects.toMatchObject({ code: 'streamInterrupted' })
  })

  it('gets a validation error before the stream starts', async () => {
    const err = await client.generate(textRequest({ deliveryMethod: 'stream', settings: { maxTokens: 0 } })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ kind: 'validation', code: 'invalidMaxTokens', parameter: 'settings.maxTokens', status: 400 })
  })
})

describe('webhook delivery', () => {
  it('receives each result as its own POST on the loopback receiver', async () => {
    const before = emulator.webhookDeliveries().length
    const res = await client.generate(textRequest({ deliveryMethod: 'webhook', numberResults: 2 }))
    expect(res.results).toHaveLength(2)
    // The emulator logs a delivery once the receiver's answer is read, just after the client has its results.
    await expect.poll(() => emulator.webhookDeliveries().length - before).toBe(2)
    const deliveries = emulator.webhookDeliveries().slice(before)
    expect(deliveries.every((d) => d.ok && d.status === 200 && d.url.startsWith('http://127.0.0.1:'))).toBe(true)
  })

  it('the emulator retries a webhook that failed, with backoff', async () => {
    const { emu } = await pair('webhook: { attempts: 3, baseDelayMs: 5 }')
    const { startFixture } = await import('./helpers.js')
    const hook = await startFixture((_req, i) => ({ status: i < 2 ? 503 : 200, body: {} }))
    cleanups.push(hook.close)
    const { postRaw, wireTask } = await import('./helpers.js')
    const task = wireTask({ deliveryMethod: 'async', webhookURL: `${hook.url}?token=abc` })
    expect((await postRaw(emu.url, [task])).body).toEqual({ data: [{ taskType: 'textInference', taskUUID: task.taskUUID }] })
    await expect.poll(() => emu.webhookDeliveries().length).toBe(3)
    expect(emu.webhookDeliveries().map((d) => [d.attempt, d.status, d.ok])).toEqual([[1, 503, false], [2, 503, false], [3, 200, true]])
    expect(hook.requests[2]!.body).toContain(task.taskUUID as string)
    expect(emu.webhookDeliveries()[0]!.url).toContain('?token=abc')
  })
})
