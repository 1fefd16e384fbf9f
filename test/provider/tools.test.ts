import { Ajv } from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ToolSpec } from '../../src/core/index.js'
import {
  buildTextInferenceTask, createRunwareProvider, parseEmulatorScript, startEmulator, type EmulatorHandle, type RunwareProvider,
} from '../../src/provider/index.js'
import { postRaw, textRequest, wireTask } from './helpers.js'

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string', minLength: 2 }, unit: { enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
  required: ['city', 'unit'],
  additionalProperties: false,
}
const tools: ToolSpec[] = [
  { type: 'function', name: 'get_weather', description: 'Current weather of a city', schema: weatherSchema },
  { type: 'function', name: 'get_time', schema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } },
  { type: 'search' },
]

let emulator: EmulatorHandle
let client: RunwareProvider

beforeAll(async () => {
  const script = parseEmulatorScript('toolCalls:\n  - { tool: get_weather, match: "weather in ([A-Z][a-z]+)", arguments: { city: "$1" } }\n')
  emulator = await startEmulator({ script })
  client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'tools-key', timeoutMs: 5_000 })
})
afterAll(async () => {
  await client.close()
  await emulator.close()
})

const ask = (content: string, extra: Parameters<typeof textRequest>[0] = {}) =>
  client.generate(textRequest({ messages: [{ role: 'user', content }], tools, ...extra }))

describe('tool calls', () => {
  it('calls the named tool under toolChoice tool, with arguments valid against its schema', async () => {
    const validate = new Ajv().compile(weatherSchema)
    for (const seed of [1, 2, 3, 4]) {
      const res = await ask('Anything at all.', { seed, toolChoice: { type: 'tool', name: 'get_weather' } })
      const r = res.results[0]!
      expect(r.finishReason).toBe('tool_calls')
      expect(r.text).toBe('')
      expect(r.toolCalls).toHaveLength(1)
      expect(r.toolCalls![0]).toMatchObject({ id: expect.stringMatching(/^call_/), name: 'get_weather' })
      expect(validate(r.toolCalls![0]!.arguments), JSON.stringify(r.toolCalls![0]!.arguments)).toBe(true)
    }
  })

  it('uses scripted arguments from the prompt under auto', async () => {
    const r = (await ask('What is the weather in Oslo today?')).results[0]!
    expect(r.toolCalls![0]).toMatchObject({ name: 'get_weather', arguments: { city: 'Oslo', unit: expect.any(String) } })
  })

  it('calls a tool the prompt names under auto, and none otherwise', async () => {
    expect((await ask('Please use get_time for Tokyo.')).results[0]!.toolCalls![0]!.name).toBe('get_time')
    const plain = (await ask('Tell me a story.')).results[0]!
    expect(plain.toolCalls).toBeUndefined()
    expect(plain.finishReason).toBe('stop')
  })

  it('always calls a function tool under any, and never under none', async () => {
    expect((await ask('Tell me a story.', { toolChoice: { type: 'any' } })).results[0]!.toolCalls).toHaveLength(1)
    expect((await ask('What is the weather in Oslo?', { toolChoice: { type: 'none' } })).results[0]!.toolCalls).toBeUndefined()
  })

  it('never surfaces calls of server-side tools', async () => {
    const res = await ask('Use search please.', { tools: [{ type: 'search' }, { type: 'codeInterpreter' }], toolChoice: { type: 'any' } })
    expect(res.results[0]!.toolCalls).toBeUndefined()
  })

  it('answers in text after a tool result (multi-turn round trip)', async () => {
    const first = (await ask('What is the weather in Oslo?')).results[0]!
    const call = first.toolCalls![0]!
    const res = await client.generate(textRequest({
      tools,
      messages: [
        { role: 'user', content: 'What is the weather in Oslo?' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, content: '4°C, light rain' },
      ],
    }))
    expect(res.results[0]).toMatchObject({ finishReason: 'stop', text: expect.any(String) })
    expect(res.results[0]!.toolCalls).toBeUndefined()
  })

  it('streams a tool call in the final chunk, and delivers it async', async () => {
    for (const deliveryMethod of ['stream', 'async'] as const) {
      const res = await ask('x', { deliveryMethod, toolChoice: { type: 'tool', name: 'get_time' }, delivery: { pollIntervalMs: 5 } })
      expect(res.results[0]!.toolCalls![0]!.name).toBe('get_time')
    }
  })

  it('carries native tool calls as {id, name, input} under toolCalls on the wire', async () => {
    const task = wireTask({ tools: [{ type: 'function', name: 'get_time', schema: { type: 'object' } }], toolChoice: { type: 'any' } })
    const reply = await postRaw(emulator.url, [task])
    expect(reply.body.data[0]).toMatchObject({ finishReason: 'tool_calls', text: '', toolCalls: [{ id: expect.any(String), name: 'get_time', input: {} }] })
  })
})

describe('image inputs', () => {
  it('counts each image in the prompt tokens', async () => {
    const plain = (await client.generate(textRequest())).results[0]!
    const withImages = (await client.generate(textRequest({ images: ['https://example.com/a.png', 'data:image/png;base64,iVBORw0KGgo='] }))).results[0]!
    expect(withImages.usage!.promptTokens - plain.usage!.promptTokens).toBe(170)
  })
})

describe('the native request shape', () => {
  it('puts tools and toolChoice at the root, images under inputs, and tool round-trips in messages', () => {
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }
    const task = buildTextInferenceTask(textRequest({
      tools: tools.slice(0, 1),
      toolChoice: { type: 'tool', name: 'get_weather' },
      images: ['https://example.com/a.png'],
      includeCost: false,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: 'call_1', content: '4°C' },
      ],
    }), 'a1b2c3d4-0000-4000-8000-000000000000', { deliveryMethod: 'async', webhookURL: 'https://hooks.example.com/x?token=1' })
    expect(task).toMatchObject({
      deliveryMethod: 'async',
      webhookURL: 'https://hooks.example.com/x?token=1',
      tools: [{ type: 'function', name: 'get_weather', description: 'Current weather of a city', schema: weatherSchema }],
      toolChoice: { type: 'tool', name: 'get_weather' },
      inputs: { images: ['https://example.com/a.png'] },
      includeCost: false,
      includeUsage: true,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', tools: [{ id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'tool', id: 'call_1', content: '4°C' },
      ],
    })
    expect((task.messages as object[])[1]).not.toHaveProperty('content')
  })
})
