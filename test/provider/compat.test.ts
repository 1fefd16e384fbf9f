import OpenAI from 'openai'
import { RunwareServer } from '@runware/sdk-js'
import WebSocket from 'ws'
import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/provider/index.js'
import { wireTask } from './helpers.js'

let emulator: EmulatorHandle
let openai: OpenAI

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: ['compat-key'], noCreditKeys: ['broke-key'] })
  openai = new OpenAI({ apiKey: 'compat-key', baseURL: emulator.url, maxRetries: 0 })
})
afterAll(() => emulator.close())

describe('the official openai package against /v1/chat/completions', () => {
  it('completes a plain chat completion', async () => {
    const res = await openai.chat.completions.create({
      model: 'openai:gpt@5-mini',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say something about rivers.' }],
      max_completion_tokens: 2000,
      reasoning_effort: 'low',
      seed: 3,
    })
    expect(res.object).toBe('chat.completion')
    expect(res.choices).toHaveLength(1)
    expect(res.choices[0]!.finish_reason).toBe('stop')
    expect(res.choices[0]!.message.content!.length).toBeGreaterThan(0)
    expect(res.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0)
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens)
  })

  it('streams a chat completion, usage last, ending in [DONE]', async () => {
    const stream = await openai.chat.completions.create({
      model: 'openai:gpt@5-mini',
      messages: [{ role: 'user', content: 'Say something about rivers.' }],
      stream: true,
      stream_options: { include_usage: true },
      seed: 3,
    })
    let text = ''
    let finish: string | null = null
    let usage: OpenAI.CompletionUsage | undefined
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      finish = chunk.choices[0]?.finish_reason ?? finish
      usage = chunk.usage ?? usage
    }
    const plain = await openai.chat.completions.create({ model: 'openai:gpt@5-mini', messages: [{ role: 'user', content: 'Say something about rivers.' }], seed: 3 })
    expect(text).toBe(plain.choices[0]!.message.content)
    expect(finish).toBe('stop')
    expect(usage!.prompt_tokens).toBeGreaterThan(0)
  })

  it('returns tool calls with JSON-string arguments valid against the parameters', async () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }
    const res = await openai.chat.completions.create({
      model: 'openai:gpt@5-mini',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
      tool_choice: 'required',
    })
    const choice = res.choices[0]!
    expect(choice.finish_reason).toBe('tool_calls')
    const call = choice.message.tool_calls![0]!
    expect(call.type === 'function' && call.function.name).toBe('get_weather')
    if (call.type === 'function') expect(new Ajv().validate(parameters, JSON.parse(call.function.arguments))).toBe(true)
  })

  it('maps errors to OpenAI error classes', async () => {
    const bad = new OpenAI({ apiKey: 'nope', baseURL: emulator.url, maxRetries: 0 })
    await expect(bad.chat.completions.create({ model: 'openai:gpt@5-mini', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    await expect(openai.chat.completions.create({ model: 'openai:gpt@4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.BadRequestError)
  })
})

/** A WebSocket session with the emulator, speaking Runware's frames. */
async function connect(url: string) {
  const ws = new WebSocket(url)
  const frames: any[] = []
  const waiters: Array<() => void> = []
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()))
    waiters.splice(0).forEach((w) => w())
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const next = async (): Promise<any> => {
    while (frames.length === 0) await new Promise<void>((resolve) => waiters.push(resolve))
    return frames.shift()
  }
  return { ws, send: (tasks: unknown[]) => ws.send(JSON.stringify(tasks)), next }
}

describe('the WebSocket transport on /v1', () => {
  it('authenticates, answers ping, runs sync and async tasks', async () => {
    const { ws, send, next } = await connect(emulator.wsUrl)
    try {
      send([{ taskType: 'authentication', apiKey: 'compat-key' }])
      const auth = await next()
      expect(auth.data[0]).toMatchObject({ taskType: 'authentication', connectionSessionUUID: expect.any(String) })
      send([{ taskType: 'ping', ping: true }])
      expect(await next()).toEqual({ data: [{ taskType: 'ping', pong: true }] })
      const task = wireTask({ numberResults: 2 })
      send([task])
      const sync = await next()
      expect(sync.data).toHaveLength(2)
      expect(sync.data.every((d: any) => d.taskUUID === task.taskUUID && typeof d.text === 'string')).toBe(true)
      const later = wireTask({ deliveryMethod: 'async' })
      send([later])
      expect(await next()).toEqual({ data: [{ taskType: 'textInference', taskUUID: later.taskUUID }] })
      let polled: any
      do {
        send([{ taskType: 'getResponse', taskUUID: later.taskUUID }])
        polled = await next()
      } while (polled.data[0]?.status !== 'success')
      expect(polled.data[0]).toMatchObject({ taskUUID: later.taskUUID, status: 'success', text: expect.any(String) })
    } finally {
      ws.close()
    }
  })

  it('refuses tasks before authentication, and a wrong key', async () => {
    for (const first of [[wireTask()], [{ taskType: 'authentication', apiKey: 'wrong-key' }]]) {
      const { ws, send, next } = await connect(emulator.wsUrl)
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
      send(first)
      expect((await next()).errors[0]).toMatchObject({ code: 'invalidApiKey', taskType: 'authentication' })
      expect(await closed).toBe(1008)
    }
  })
})

describe("Runware's own JavaScript SDK (@runware/sdk-js) over the WebSocket transport", () => {
  it('runs a sync and an async (getResponse-polled) textInference', async () => {
    const runware = new RunwareServer({ apiKey: 'compat-key', url: emulator.wsUrl, shouldReconnect: false, globalMaxRetries: 0 })
    try {
      await runware.ensureConnection()
      const request = { model: 'openai:gpt@5-mini', messages: [{ role: 'user' as const, content: 'Say hi' }], settings: { maxTokens: 500, thinkingLevel: 'low' }, includeCost: true, seed: 4 }
      const sync = (await runware.textInference(request)) as Array<{ text: string; finishReason: string; cost: number }>
      expect(sync[0]).toMatchObject({ text: expect.any(String), finishReason: 'stop', cost: expect.any(Number) })
      const later = (await runware.textInference({ ...request, deliveryMethod: 'async' })) as Array<{ text: string; status: string }>
      expect(later[0]).toMatchObject({ text: sync[0]!.text, status: 'success' })
    } finally {
      await runware.disconnect()
    }
  })
})
