import { afterAll, describe, expect, it } from 'vitest'
import type { GenerateRequest } from '../../src/core/index.js'
import {
  createRunwareProvider, parseEmulatorScript, parseFaultFlag, ProviderError, startEmulator, withAdaptiveConcurrency, withRetry,
  type Provider,
} from '../../src/provider/index.js'
import { startFixture, textRequest } from './helpers.js'

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function faulty(script: string, timeoutMs = 5_000) {
  const emulator = await startEmulator({ script: parseEmulatorScript(script) })
  const client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'fault-key', timeoutMs })
  cleanups.push(() => client.close(), () => emulator.close())
  return { emulator, client }
}

describe('each failure class, over HTTP', () => {
  it.each([
    ['rate_limit', '{ kind: rate_limit, at: [1], retryAfterSeconds: 7 }', { kind: 'rate_limit', status: 429, retryAfterMs: 7000, code: 'rateLimitExceeded' }],
    ['server', '{ kind: server_error, at: [1], status: 502 }', { kind: 'server', status: 502 }],
    ['server (503)', '{ kind: server_error, at: [1] }', { kind: 'server', status: 503, code: 'serviceUnavailable' }],
    ['network (reset)', '{ kind: reset, at: [1] }', { kind: 'network', code: 'PROVIDER_NETWORK' }],
    ['bad_response (malformed body)', '{ kind: malformed, at: [1] }', { kind: 'bad_response', status: 200 }],
    ['provider (failed generation)', '{ kind: task_error, at: [1] }', { kind: 'server', code: 'timeoutProvider', status: 504 }],
  ])('%s', async (_name, fault, expected) => {
    const { client } = await faulty(`faults: [${fault}]`)
    const err = await client.generate(textRequest()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject(expected)
    // Only the first request was faulted.
    expect((await client.generate(textRequest())).results).toHaveLength(1)
  })

  it('timeout (slow response beyond the per-request timeout)', async () => {
    const { client } = await faulty('faults: [{ kind: slow, at: [1], delayMs: 1000 }]', 100)
    await expect(client.generate(textRequest())).rejects.toMatchObject({ kind: 'timeout', code: 'PROVIDER_TIMEOUT', retryable: true })
  })

  it('forbidden (403), which is not retried', async () => {
    const fixture = await startFixture(() => ({ status: 403, body: { errors: [{ code: 'forbidden', message: 'no access to this model' }] } }))
    const client = createRunwareProvider({ id: 'runware', baseUrl: fixture.url, apiKey: 'fault-key', timeoutMs: 2_000 })
    cleanups.push(() => client.close(), fixture.close)
    const err = await withRetry(client, { maxRetries: 3 }).generate(textRequest()).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'forbidden', status: 403, retryable: false, attempts: 1 })
  })
})

describe('retries under injected faults', () => {
  it('rides through a 429, a 503, a reset and a slow answer to an answer, counting attempts', async () => {
    const script = `faults:
  - { kind: rate_limit, at: [1], retryAfterSeconds: 0 }
  - { kind: server_error, at: [2] }
  - { kind: reset, at: [3] }
  - { kind: slow, at: [4], delayMs: 1000 }`
    const { client, emulator } = await faulty(script, 200)
    const res = await withRetry(client, { maxRetries: 4, baseDelayMs: 1 }).generate(textRequest())
    expect(res.attempts).toBe(5)
    expect(emulator.faults()).toMatchObject({ rate_limit: 1, server_error: 1, reset: 1, slow: 1 })
  })

  it('does not retry a malformed answer (the task may have been charged already)', async () => {
    const { client } = await faulty('faults: [{ kind: malformed, at: [1] }]')
    const err = await withRetry(client, { maxRetries: 3, baseDelayMs: 1 }).generate(textRequest()).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'bad_response', attempts: 1, retryable: false })
  })

  it('gives up after maxRetries with the last failure as the cause', async () => {
    const { client } = await faulty('faults: [{ kind: server_error, rate: 1 }]')
    const err = await withRetry(client, { maxRetries: 2, baseDelayMs: 1 }).generate(textRequest()).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'server', status: 503, attempts: 3 })
  })

  it('retries a cut stream', async () => {
    const { client } = await faulty('faults: [{ kind: stream_cut, at: [1, 2] }]')
    const res = await withRetry(client, { maxRetries: 3, baseDelayMs: 1 }).generate(textRequest({ deliveryMethod: 'stream' }))
    expect(res.attempts).toBe(3)
  })

  it('injects rated faults as a seeded sequence: same requests, same faults', async () => {
    const counts = []
    for (let run = 0; run < 2; run++) {
      const { client, emulator } = await faulty('faultSeed: 7\nfaults: [{ kind: rate_limit, rate: 0.3 }, { kind: server_error, rate: 0.2 }]')
      for (let i = 0; i < 40; i++) await client.generate(textRequest()).catch(() => undefined)
      counts.push(emulator.faults())
    }
    expect(counts[0]).toEqual(counts[1])
    expect(counts[0]!.rate_limit).toBeGreaterThan(4)
    expect(counts[0]!.server_error).toBeGreaterThan(2)
  })
})

describe('adaptive concurrency', () => {
  /** A test-owned provider: answers after `ms`, failing with 429 while `limited()` says so; records the peak in flight. */
  function gate(limited: () => boolean, ms = 2) {
    const seen = { inFlight: 0, peak: 0, calls: 0 }
    const provider: Provider = {
      id: 'gate',
      async generate(_req: GenerateRequest) {
        seen.calls++
        seen.inFlight++
        seen.peak = Math.max(seen.peak, seen.inFlight)
        await new Promise((r) => setTimeout(r, ms))
        seen.inFlight--
        if (limited()) throw new ProviderError('rate_limit', 'rateLimitExceeded', 'busy', { status: 429 })
        return { results: [{ text: 'ok', finishReason: 'stop' }], latencyMs: ms, attempts: 1 }
      },
    }
    return { provider, seen }
  }

  it('halves on 429 (once per burst) and grows back to the cap', async () => {
    let limited = true
    const { provider, seen } = gate(() => limited)
    const adaptive = withAdaptiveConcurrency(provider, { max: 16 })
    await Promise.all(Array.from({ length: 16 }, () => adaptive.generate(textRequest()).catch(() => undefined)))
    // 16 concurrent 429s started in the same epoch cut the limit once.
    expect(adaptive.stats()).toMatchObject({ limit: 8, decreases: 1 })
    await Promise.all(Array.from({ length: 8 }, () => adaptive.generate(textRequest()).catch(() => undefined)))
    expect(adaptive.stats().limit).toBe(4)
    limited = false
    seen.peak = 0
    await Promise.all(Array.from({ length: 200 }, () => adaptive.generate(textRequest())))
    expect(adaptive.stats().limit).toBe(16)
    expect(adaptive.stats().lowest).toBe(4)
    expect(seen.peak).toBeLessThanOrEqual(16)
  })

  it('holds requests in flight to the limit', async () => {
    const { provider, seen } = gate(() => false, 5)
    const adaptive = withAdaptiveConcurrency(provider, { max: 3 })
    await Promise.all(Array.from({ length: 20 }, () => adaptive.generate(textRequest())))
    expect(seen.peak).toBe(3)
    expect(adaptive.stats()).toMatchObject({ inFlight: 0, queued: 0 })
  })

  it('backs off against the emulator under 429s and still answers everything, with retries', async () => {
    const { client, emulator } = await faulty('faults: [{ kind: rate_limit, rate: 0.25, retryAfterSeconds: 0 }]')
    const adaptive = withAdaptiveConcurrency(client, { max: 8 })
    const provider = withRetry(adaptive, { maxRetries: 10, baseDelayMs: 1 })
    const all = await Promise.all(Array.from({ length: 60 }, (_, i) => provider.generate(textRequest({ seed: i }))))
    expect(all).toHaveLength(60)
    expect(emulator.faults().rate_limit).toBeGreaterThan(0)
    expect(adaptive.stats().decreases).toBeGreaterThan(0)
    expect(adaptive.stats().lowest).toBeLessThan(8)
  })

  it('frees a queued slot when the caller aborts', async () => {
    const { provider } = gate(() => false, 50)
    const adaptive = withAdaptiveConcurrency(provider, { max: 1 })
    const first = adaptive.generate(textRequest())
    const second = adaptive.generate(textRequest(), { signal: AbortSignal.timeout(10) })
    await expect(second).rejects.toMatchObject({ name: 'TimeoutError' })
    await first
    expect(adaptive.stats()).toMatchObject({ inFlight: 0, queued: 0 })
  })
})

describe('fault flags of `evals emulator`', () => {
  it.each([
    ['429:0.1', { kind: 'rate_limit', rate: 0.1 }],
    ['503:0.05', { kind: 'server_error', status: 503, rate: 0.05 }],
    ['reset@3,7', { kind: 'reset', at: [3, 7] }],
    ['stream-cut:0.2', { kind: 'stream_cut', rate: 0.2 }],
  ])('%s', (flag, fault) => {
    expect(parseFaultFlag(flag)).toEqual({ fault })
  })

  it.each(['teapot:0.1', '429:2', '429', 'reset@0'])('rejects %s', (flag) => {
    expect(parseFaultFlag(flag).error).toEqual(expect.any(String))
  })
})
