import { afterEach, describe, expect, it } from 'vitest'
import { backoffDelay, createRunwareProvider, ProviderError, withRetry, type Provider } from '../../src/provider/index.js'
import { startFixture, taskUUIDOf, textRequest, type FixtureReply, type FixtureRequest } from './helpers.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function clientFor(handler: (req: FixtureRequest, index: number) => FixtureReply) {
  const fixture = await startFixture(handler)
  const client = createRunwareProvider({ id: 'runware', baseUrl: fixture.url, apiKey: 'retry-key-123', timeoutMs: 2_000 })
  cleanups.push(() => client.close(), fixture.close)
  return { client, requests: fixture.requests }
}

const ok = (req: FixtureRequest): FixtureReply => ({
  status: 200,
  body: { data: [{ taskType: 'textInference', taskUUID: taskUUIDOf(req), text: 'fine', finishReason: 'stop' }] },
})
const tooMany: FixtureReply = { status: 429, headers: { 'retry-after': '2' }, body: { data: [], errors: [{ code: 'rateLimitExceeded', message: 'busy' }] } }

function recordingSleep() {
  const waits: number[] = []
  return { waits, sleep: async (ms: number) => void waits.push(ms) }
}

describe('withRetry', () => {
  it('retries a 429, honouring Retry-After, and reports the attempts', async () => {
    const { client, requests } = await clientFor((req, i) => (i === 0 ? tooMany : ok(req)))
    const { waits, sleep } = recordingSleep()
    const res = await withRetry(client, { maxRetries: 3, baseDelayMs: 100, random: () => 0.5, sleep }).generate(textRequest())
    expect(res.results[0]!.text).toBe('fine')
    expect(res.attempts).toBe(2)
    expect(waits).toEqual([2000])
    expect(requests).toHaveLength(2)
    // A retry is a new request: a fresh taskUUID, so no conflictTaskUUID.
    expect(taskUUIDOf(requests[1]!)).not.toBe(taskUUIDOf(requests[0]!))
  })

  it('does not retry a non-retryable 400', async () => {
    const { client, requests } = await clientFor(() => ({ status: 400, body: { errors: [{ code: 'invalidSeed', message: 'no', parameter: 'seed' }] } }))
    const { waits, sleep } = recordingSleep()
    const err = (await withRetry(client, { maxRetries: 3, sleep }).generate(textRequest()).catch((e: unknown) => e)) as ProviderError
    expect(err).toMatchObject({ kind: 'validation', code: 'invalidSeed', attempts: 1 })
    expect(requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('gives up after maxRetries, with the attempts on the error', async () => {
    const { client, requests } = await clientFor(() => ({ status: 503, body: { errors: [{ code: 'serviceUnavailable', message: 'later' }] } }))
    const { waits, sleep } = recordingSleep()
    const policy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 150, random: () => 0.999, sleep }
    const err = (await withRetry(client, policy).generate(textRequest()).catch((e: unknown) => e)) as ProviderError
    expect(err).toMatchObject({ kind: 'server', attempts: 3 })
    expect(requests).toHaveLength(3)
    expect(waits).toEqual([99, 149])
  })

  it('uses exponential backoff with full jitter', () => {
    const error = new ProviderError('server', 'X', 'x')
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 }
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, error, policy))).toEqual([50, 100, 200, 400, 500])
    expect(backoffDelay(0, error, { ...policy, random: () => 0 })).toBe(0)
    const limited = new ProviderError('rate_limit', 'X', 'x', { retryAfterMs: 5000 })
    expect(backoffDelay(0, limited, policy)).toBe(5000)
  })

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController()
    const { client, requests } = await clientFor(() => {
      // Abort while the client waits out the 60 s Retry-After.
      setTimeout(() => controller.abort(new Error('cancelled by test')), 50)
      return { ...tooMany, headers: { 'retry-after': '60' } }
    })
    const pending = withRetry(client, { maxRetries: 3 }).generate(textRequest(), { signal: controller.signal })
    await expect(pending).rejects.toThrow('cancelled by test')
    expect(requests).toHaveLength(1)
  })

  it('passes non-provider errors through untouched', async () => {
    let calls = 0
    const broken: Provider = { id: 'x', generate: async () => { calls++; throw new TypeError('bug') } }
    await expect(withRetry(broken, { maxRetries: 3 }).generate(textRequest())).rejects.toBeInstanceOf(TypeError)
    expect(calls).toBe(1)
  })
})
