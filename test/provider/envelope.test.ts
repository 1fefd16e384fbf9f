import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { createRunwareProvider, parseRetryAfter, ProviderError, type RunwareProvider } from '../../src/provider/index.js'
import { startFixture, taskUUIDOf, textRequest, type FixtureReply, type FixtureRequest } from './helpers.js'

const API_KEY = 'rw-secret-key-0123456789'
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** A client talking to a fixture server answering with `handler`. */
async function clientFor(handler: (req: FixtureRequest, index: number) => FixtureReply): Promise<{ client: RunwareProvider; requests: FixtureRequest[] }> {
  const fixture = await startFixture(handler)
  const client = createRunwareProvider({ id: 'runware', baseUrl: fixture.url, apiKey: API_KEY, timeoutMs: 2_000 })
  cleanups.push(() => client.close(), fixture.close)
  return { client, requests: fixture.requests }
}

const item = (taskUUID: string, text: string) => ({ taskType: 'textInference', taskUUID, text, finishReason: 'stop', cost: 0.001 })

describe('request shape', () => {
  it('sends one sync textInference task in an array, with bearer auth', async () => {
    const { client, requests } = await clientFor((req) => ({ status: 200, body: { data: [item(taskUUIDOf(req), 'ok')] } }))
    const schema = { type: 'object', properties: { a: { type: 'string' } } }
    await client.generate(textRequest({ settings: { maxTokens: 64 }, seed: 5, outputFormat: 'JSON', jsonSchema: schema }))
    await client.generate(textRequest({ settings: {} }))
    const [first, second] = requests.map((r) => JSON.parse(r.body))
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(requests[0]!.headers['content-type']).toBe('application/json')
    expect(first).toEqual([{
      taskType: 'textInference',
      taskUUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      model: 'openai:gpt@5-mini',
      deliveryMethod: 'sync',
      messages: [{ role: 'user', content: 'Say something about rivers.' }],
      settings: { maxTokens: 64 },
      seed: 5,
      numberResults: 1,
      includeCost: true,
      includeUsage: true,
      outputFormat: 'JSON',
      jsonSchema: schema,
    }])
    expect(second[0].taskUUID).not.toBe(first[0].taskUUID)
    expect(second[0].outputFormat).toBeUndefined()
    expect(second[0].settings).toBeUndefined()
  })
})

describe('envelope parsing', () => {
  it('matches items by taskUUID, never by position, keeping arrival order', async () => {
    const { client } = await clientFor((req) => {
      const own = taskUUIDOf(req)
      const other = randomUUID()
      return { status: 200, body: { data: [item(other, 'foreign-1'), item(own, 'first'), item(other, 'foreign-2'), item(own, 'second')], errors: [{ taskUUID: other, code: 'invalidSeed', message: 'not ours' }] } }
    })
    const res = await client.generate(textRequest({ numberResults: 2 }))
    expect(res.results.map((r) => r.text)).toEqual(['first', 'second'])
    expect(res.results[0]).toEqual({ text: 'first', finishReason: 'stop', costUsd: 0.001 })
  })

  it('maps usage, defaulting thinkingTokens to 0', async () => {
    const { client } = await clientFor((req) => ({
      status: 200,
      body: { data: [{ ...item(taskUUIDOf(req), 'x'), usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } }] },
    }))
    const res = await client.generate(textRequest())
    expect(res.results[0]!.usage).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 7, thinkingTokens: 0 })
  })

  it.each<[string, (uuid: string) => FixtureReply]>([
    ['fewer items than numberResults', (uuid) => ({ status: 200, body: { data: [item(uuid, 'only one')] } })],
    ['only items of another task', () => ({ status: 200, body: { data: [item(randomUUID(), 'a'), item(randomUUID(), 'b')] } })],
    ['a body that is not JSON', () => ({ status: 200, body: '<html>gateway</html>' })],
    ['an item without text', (uuid) => ({ status: 200, body: { data: [{ taskUUID: uuid }, { taskUUID: uuid }] } })],
  ])('treats %s as bad_response', async (_name, reply) => {
    const { client } = await clientFor((req) => reply(taskUUIDOf(req)))
    await expect(client.generate(textRequest({ numberResults: 2 }))).rejects.toMatchObject({ kind: 'bad_response', code: 'PROVIDER_BAD_RESPONSE' })
  })
})

describe('failure classification', () => {
  it.each<[string, FixtureReply, Partial<ProviderError>]>([
    ['400 with a parameter', { status: 400, body: { data: [], errors: [{ code: 'invalidMaxTokens', message: 'bad', parameter: 'settings.maxTokens' }] } },
      { kind: 'validation', code: 'invalidMaxTokens', parameter: 'settings.maxTokens', status: 400 }],
    ['401', { status: 401, body: { errors: [{ code: 'invalidApiKey', message: 'no' }] } }, { kind: 'auth', code: 'invalidApiKey' }],
    ['402', { status: 402, body: { errors: [{ code: 'insufficientCredits', message: 'pay' }] } }, { kind: 'credits', code: 'insufficientCredits' }],
    ['403', { status: 403, body: { errors: [{ code: 'forbidden', message: 'no' }] } }, { kind: 'forbidden', code: 'forbidden' }],
    ['429 with Retry-After seconds', { status: 429, headers: { 'retry-after': '3' }, body: { errors: [{ code: 'rateLimitExceeded', message: 'slow down' }] } },
      { kind: 'rate_limit', code: 'rateLimitExceeded', retryAfterMs: 3000 }],
    ['503 with an HTML body', { status: 503, body: '<html>busy</html>' }, { kind: 'server', code: 'HTTP_503', status: 503 }],
    ['500 with the singular error form', { status: 500, body: { error: { code: 'internalServerError', message: 'oops' } } },
      { kind: 'server', code: 'internalServerError' }],
    ['a provider error item in a 200', { status: 200, body: { data: [], errors: [{ code: 'timeoutProvider', message: 'upstream slow' }] } },
      { kind: 'provider', code: 'timeoutProvider', status: 200 }],
    ['a singular error in a 200', { status: 200, body: { error: { code: 'providerError', message: 'upstream failed' } } },
      { kind: 'provider', code: 'providerError' }],
  ])('classifies %s', async (_name, reply, expected) => {
    const { client } = await clientFor(() => reply)
    const err = await client.generate(textRequest()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject(expected)
  })

  it('marks only transient kinds retryable', async () => {
    const kinds = { validation: false, auth: false, credits: false, rate_limit: true, server: true, provider: true, timeout: true, network: true, bad_response: false } as const
    for (const [kind, retryable] of Object.entries(kinds)) expect(new ProviderError(kind as ProviderError['kind'], 'X', 'x').retryable).toBe(retryable)
  })

  it('never puts the API key in an error message', async () => {
    const { client } = await clientFor(() => ({ status: 401, body: { errors: [{ code: 'invalidApiKey', message: `key ${API_KEY} is revoked` }] } }))
    const err = (await client.generate(textRequest()).catch((e: unknown) => e)) as ProviderError
    expect(err.kind).toBe('auth')
    expect(err.message).not.toContain(API_KEY)
    expect(err.message).toContain('[REDACTED]')
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it.each<[string | undefined, number | undefined]>([
    ['5', 5000],
    ['0.5', 500],
    ['Wed, 01 Jan 2025 00:00:10 GMT', 10_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s -> %s ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })
})
