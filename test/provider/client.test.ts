import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ajv } from 'ajv'
import { createRunwareProvider, parseEmulatorScript, ProviderError, startEmulator, type EmulatorHandle, type RunwareProvider } from '../../src/provider/index.js'
import { postRaw, textRequest, wireTask } from './helpers.js'

let emulator: EmulatorHandle
let client: RunwareProvider

beforeAll(async () => {
  emulator = await startEmulator()
  client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'test-key', timeoutMs: 5_000 })
})

afterAll(async () => {
  await client.close()
  await emulator.close()
})

describe('client against the emulator', () => {
  it.each([1, 3])('returns numberResults=%i results with usage and cost', async (n) => {
    const res = await client.generate(textRequest({ numberResults: n }))
    expect(res.results).toHaveLength(n)
    expect(res.attempts).toBe(1)
    expect(res.latencyMs).toBeGreaterThan(0)
    for (const r of res.results) {
      expect(r.text.length).toBeGreaterThan(0)
      expect(r.finishReason).toBe('stop')
      expect(r.usage!.promptTokens).toBeGreaterThan(0)
      expect(r.usage!.completionTokens).toBeGreaterThan(0)
      expect(r.usage!.totalTokens).toBe(r.usage!.promptTokens + r.usage!.completionTokens)
      expect(r.usage!.thinkingTokens).toBeGreaterThan(0)
      const { promptTokens, completionTokens, thinkingTokens } = r.usage!
      expect(r.costUsd).toBeCloseTo(promptTokens * 0.25e-6 + (completionTokens + thinkingTokens) * 2e-6, 12)
    }
    if (n === 3) expect(new Set(res.results.map((r) => r.text)).size).toBeGreaterThan(1)
  })

  it('is deterministic per request and varies with the seed', async () => {
    const a = await client.generate(textRequest({ seed: 7, numberResults: 2 }))
    const b = await client.generate(textRequest({ seed: 7, numberResults: 2 }))
    const c = await client.generate(textRequest({ seed: 8, numberResults: 2 }))
    expect(b.results).toEqual(a.results)
    expect(c.results[0]!.text).not.toBe(a.results[0]!.text)
    // Result k uses seed + k.
    expect(c.results[0]).toEqual(a.results[1])
  })

  it('charges more thinking tokens and cost at high than at low', async () => {
    const low = await client.generate(textRequest({ settings: { thinkingLevel: 'low' } }))
    const high = await client.generate(textRequest({ settings: { thinkingLevel: 'high' } }))
    const off = await client.generate(textRequest({ settings: { thinkingLevel: 'off' } }))
    expect(off.results[0]!.usage!.thinkingTokens).toBe(0)
    expect(high.results[0]!.usage!.thinkingTokens).toBeGreaterThan(low.results[0]!.usage!.thinkingTokens * 4)
    expect(high.results[0]!.costUsd!).toBeGreaterThan(low.results[0]!.costUsd!)
    expect(high.results[0]!.text).toBe(low.results[0]!.text)
  })

  it('truncates with finishReason length when maxTokens is tiny', async () => {
    const full = await client.generate(textRequest({ settings: { thinkingLevel: 'off' } }))
    const cut = await client.generate(textRequest({ settings: { thinkingLevel: 'off', maxTokens: 2 } }))
    expect(cut.results[0]!.finishReason).toBe('length')
    expect(cut.results[0]!.usage!.completionTokens).toBeLessThanOrEqual(2)
    expect(full.results[0]!.text.startsWith(cut.results[0]!.text)).toBe(true)
    expect(cut.results[0]!.text.length).toBeLessThan(full.results[0]!.text.length)
    // Thinking counts against maxTokens: 256 thinking tokens leave nothing of 100.
    const starved = await client.generate(textRequest({ settings: { thinkingLevel: 'low', maxTokens: 100 } }))
    expect(starved.results[0]).toMatchObject({ text: '', finishReason: 'length', usage: { thinkingTokens: 100, completionTokens: 0 } })
  })

  it('answers JSON mode with a value valid against the schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 3 },
        population: { type: 'integer', minimum: 1000, maximum: 5000 },
        ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
        kind: { enum: ['capital', 'town'] },
        coastal: { type: 'boolean' },
        nested: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false },
      },
      required: ['city', 'population', 'kind'],
      additionalProperties: false,
    }
    const validate = new Ajv().compile(schema)
    for (const seed of [1, 2, 3]) {
      const envelope = { name: 'city', schema, strict: true }
      const res = await client.generate(textRequest({ seed, outputFormat: 'JSON', jsonSchema: envelope, numberResults: 2 }))
      for (const r of res.results) expect(validate(JSON.parse(r.text)), r.text).toBe(true)
    }
    const bare = await client.generate(textRequest({ outputFormat: 'JSON', jsonSchema: schema }))
    expect(validate(JSON.parse(bare.results[0]!.text))).toBe(true)
    const none = await client.generate(textRequest({ outputFormat: 'JSON' }))
    expect(JSON.parse(none.results[0]!.text)).toEqual({})
  })

  it('counts requests and tasks', async () => {
    const before = emulator.stats()
    await client.generate(textRequest())
    expect(emulator.stats()).toEqual({ requests: before.requests + 1, tasks: before.tasks + 1 })
  })
})

describe('authentication', () => {
  it('rejects a request without a key as auth', async () => {
    const anonymous = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: '', timeoutMs: 5_000 })
    const err = await anonymous.generate(textRequest()).catch((e: unknown) => e)
    await anonymous.close()
    expect(err).toBeInstanceOf(ProviderError)
    expect(err).toMatchObject({ kind: 'auth', code: 'invalidApiKey', status: 401, parameter: 'apiKey', retryable: false })
  })

  it('answers 401 with the documented error item', async () => {
    const reply = await postRaw(emulator.url, [wireTask()], {})
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({
      data: [],
      errors: [{ code: 'invalidApiKey', message: expect.any(String), parameter: 'apiKey', taskType: 'authentication' }],
    })
  })

  it('accepts the authentication-task form', async () => {
    const task = wireTask()
    const reply = await postRaw(emulator.url, [{ taskType: 'authentication', apiKey: 'test-key' }, task], {})
    expect(reply.status).toBe(200)
    expect(reply.body.data).toHaveLength(1)
    expect(reply.body.data[0]).toMatchObject({ taskType: 'textInference', taskUUID: task.taskUUID })
  })

  it('in strict mode accepts only the configured keys, and answers 402 for no-credit keys', async () => {
    const strict = await startEmulator({ apiKeys: ['good-key-1'], noCreditKeys: ['broke-key-1'] })
    const make = (apiKey: string) => createRunwareProvider({ id: 'emulator', baseUrl: strict.url, apiKey, timeoutMs: 5_000 })
    const [good, bad, broke] = [make('good-key-1'), make('wrong-key-1'), make('broke-key-1')]
    try {
      expect((await good.generate(textRequest())).results).toHaveLength(1)
      const badErr = await bad.generate(textRequest()).catch((e: ProviderError) => e)
      expect(badErr).toMatchObject({ kind: 'auth', status: 401 })
      expect(badErr.message).not.toContain('wrong-key-1')
      await expect(broke.generate(textRequest())).rejects.toMatchObject({ kind: 'credits', code: 'insufficientCredits', status: 402 })
    } finally {
      await Promise.all([good.close(), bad.close(), broke.close(), strict.close()])
    }
  })
})

describe('transport failures', () => {
  it('classifies a per-request timeout', async () => {
    const script = parseEmulatorScript('latency: { fixedMs: 1000 }')
    const slow = await startEmulator({ script })
    const impatient = createRunwareProvider({ id: 'emulator', baseUrl: slow.url, apiKey: 'k-123', timeoutMs: 100 })
    try {
      await expect(impatient.generate(textRequest())).rejects.toMatchObject({ kind: 'timeout', code: 'PROVIDER_TIMEOUT', retryable: true })
    } finally {
      await impatient.close()
      await slow.close()
    }
  })

  it('classifies a refused connection as network', async () => {
    const gone = await startEmulator()
    const url = gone.url
    await gone.close()
    const orphan = createRunwareProvider({ id: 'emulator', baseUrl: url, apiKey: 'k-123', timeoutMs: 2_000 })
    await expect(orphan.generate(textRequest())).rejects.toMatchObject({ kind: 'network', code: 'PROVIDER_NETWORK' })
    await orphan.close()
  })

  it('rethrows a caller abort as is', async () => {
    const script = parseEmulatorScript('latency: { fixedMs: 1000 }')
    const slow = await startEmulator({ script })
    const c = createRunwareProvider({ id: 'emulator', baseUrl: slow.url, apiKey: 'k-123', timeoutMs: 5_000 })
    try {
      const err = await c.generate(textRequest(), { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e)
      expect(err).not.toBeInstanceOf(ProviderError)
      expect((err as Error).name).toBe('TimeoutError')
    } finally {
      await c.close()
      await slow.close()
    }
  })
})
