import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type EmulatorHandle } from '../../src/provider/index.js'
import { postRaw, wireTask } from './helpers.js'

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(() => emulator.close())

const tooMany = Array.from({ length: 1001 }, () => ({ role: 'user', content: 'x' }))
const fnTool = { type: 'function', name: 'get_weather', schema: { type: 'object' } }

type Case = [string, Record<string, unknown>, string, string]
const invalid: Case[] = [
  ['maxTokens 0', { settings: { maxTokens: 0 } }, 'invalidMaxTokens', 'settings.maxTokens'],
  ['maxTokens 128001', { settings: { maxTokens: 128_001 } }, 'invalidMaxTokens', 'settings.maxTokens'],
  ['thinkingLevel extreme', { settings: { thinkingLevel: 'extreme' } }, 'invalidThinkingLevel', 'settings.thinkingLevel'],
  ['unknown root key', { temperature: 0.2 }, 'unsupportedParameter', 'temperature'],
  ['unknown settings key', { settings: { topP: 0.9 } }, 'unsupportedParameter', 'settings.topP'],
  ['missing taskUUID', { taskUUID: undefined }, 'missingTaskUUID', 'taskUUID'],
  ['non-v4 taskUUID', { taskUUID: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }, 'invalidTaskUUID', 'taskUUID'],
  ['missing model', { model: undefined }, 'missingModel', 'model'],
  ['unknown model', { model: 'openai:gpt@4o' }, 'invalidModel', 'model'],
  ['missing messages', { messages: undefined }, 'missingMessages', 'messages'],
  ['messages not an array', { messages: 'hi' }, 'invalidMessages', 'messages'],
  ['no messages', { messages: [] }, 'arrayTooSmall', 'messages'],
  ['1001 messages', { messages: tooMany }, 'arrayTooLarge', 'messages'],
  ['system role', { messages: [{ role: 'system', content: 'x' }] }, 'invalidMessages', 'messages[0].role'],
  ['content not text', { messages: [{ role: 'user', content: 5 }] }, 'invalidMessages', 'messages[0].content'],
  ['last from assistant', { messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }, 'invalidMessages', 'messages[1].role'],
  ['tool message without id', { messages: [{ role: 'user', content: 'a' }, { role: 'tool', content: 'b' }] }, 'invalidMessages', 'messages[1].id'],
  ['numberResults 5', { numberResults: 5 }, 'invalidNumberResults', 'numberResults'],
  ['numberResults 0', { numberResults: 0 }, 'invalidNumberResults', 'numberResults'],
  ['seed -1', { seed: -1 }, 'invalidSeed', 'seed'],
  ['seed 2^31', { seed: 2_147_483_648 }, 'invalidSeed', 'seed'],
  ['seed 1.5', { seed: 1.5 }, 'invalidSeed', 'seed'],
  ['outputFormat XML', { outputFormat: 'XML' }, 'invalidOutputFormat', 'outputFormat'],
  ['deliveryMethod batch', { deliveryMethod: 'batch' }, 'invalidDeliveryMethod', 'deliveryMethod'],
  ['stream with numberResults 2', { deliveryMethod: 'stream', numberResults: 2 }, 'unsupportedParameter', 'numberResults'],
  ['stream with a bad seed', { deliveryMethod: 'stream', seed: -1 }, 'invalidSeed', 'seed'],
  ['includeCost string', { includeCost: 'yes' }, 'invalidIncludeCost', 'includeCost'],
  ['includeUsage number', { includeUsage: 1 }, 'invalidIncludeUsage', 'includeUsage'],
  ['webhookURL relative', { webhookURL: '/hook' }, 'invalidWebhookURL', 'webhookURL'],
  ['inputs.images empty', { inputs: { images: [] } }, 'arrayTooSmall', 'inputs.images'],
  ['settings not an object', { settings: 'fast' }, 'invalidSettings', 'settings'],
  ['empty systemPrompt', { settings: { systemPrompt: '' } }, 'invalidSystemPrompt', 'settings.systemPrompt'],
  ['jsonSchema number', { jsonSchema: 5 }, 'invalidJsonSchema', 'jsonSchema'],
  ['jsonSchema bad string', { jsonSchema: '{nope' }, 'invalidJsonSchema', 'jsonSchema'],
  ['jsonSchema envelope without object schema', { jsonSchema: { name: 'x', schema: 'y' } }, 'invalidJsonSchema', 'jsonSchema.schema'],
  ['tools empty', { tools: [] }, 'invalidTools', 'tools'],
  ['tool type', { tools: [{ type: 'magic' }] }, 'invalidTools', 'tools[0].type'],
  ['tool name', { tools: [{ ...fnTool, name: 'bad name!' }] }, 'invalidTools', 'tools[0].name'],
  ['tool schema', { tools: [{ ...fnTool, schema: undefined }] }, 'invalidTools', 'tools[0].schema'],
  ['duplicate tool names', { tools: [fnTool, fnTool] }, 'invalidTools', 'tools[1].name'],
  ['toolChoice type', { tools: [fnTool], toolChoice: { type: 'always' } }, 'invalidToolChoice', 'toolChoice.type'],
  ['toolChoice tool without name', { tools: [fnTool], toolChoice: { type: 'tool' } }, 'missingToolChoiceName', 'toolChoice.name'],
  ['toolChoice unknown tool', { tools: [fnTool], toolChoice: { type: 'tool', name: 'nope' } }, 'invalidToolChoice', 'toolChoice.name'],
]

describe('textInference validation', () => {
  it.each(invalid)('%s -> %s at %s', async (_name, overrides, code, parameter) => {
    const task = wireTask(overrides)
    const reply = await postRaw(emulator.url, [task])
    expect(reply.status).toBe(400)
    expect(reply.body.data).toEqual([])
    expect(reply.body.errors).toContainEqual(expect.objectContaining({ code, parameter, taskType: 'textInference' }))
    const error = reply.body.errors.find((e: { code: string }) => e.code === code)
    expect(typeof error.message).toBe('string')
    if (typeof task.taskUUID === 'string') expect(error.taskUUID).toBe(task.taskUUID)
  })

  it('carries range and allowed-value metadata', async () => {
    const reply = await postRaw(emulator.url, [wireTask({ settings: { maxTokens: 0, thinkingLevel: 'extreme' } })])
    expect(reply.body.errors).toEqual([
      expect.objectContaining({ code: 'invalidMaxTokens', type: 'integer', min: 1, max: 128_000 }),
      expect.objectContaining({ code: 'invalidThinkingLevel', allowedValues: ['off', 'minimal', 'low', 'medium', 'high'] }),
    ])
  })

  it.each<[string, Record<string, unknown>]>([
    ['the model slug', { model: 'openai-gpt-5-mini' }],
    ['lowercase outputFormat', { outputFormat: 'json' }],
    ['a jsonSchema string', { outputFormat: 'JSON', jsonSchema: '{"type":"object","properties":{"a":{"type":"string"}}}' }],
    ['content parts', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }],
    ['a tool round trip', {
      tools: [fnTool],
      toolChoice: { type: 'auto' },
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', tools: [{ id: 'call_1', name: 'get_weather', input: {} }] },
        { role: 'tool', id: 'call_1', content: '4°C' },
      ],
    }],
    ['input images', { inputs: { images: ['https://example.com/a.png'] } }],
    ['no settings at all', { settings: undefined }],
  ])('accepts %s', async (_name, overrides) => {
    const reply = await postRaw(emulator.url, [wireTask(overrides)])
    expect(reply.body.errors).toBeUndefined()
    expect(reply.status).toBe(200)
  })

  it('reports every violation of a task at once', async () => {
    const reply = await postRaw(emulator.url, [wireTask({ seed: -1, numberResults: 9, model: 'x' })])
    expect(reply.body.errors.map((e: { code: string }) => e.code).sort()).toEqual(['invalidModel', 'invalidNumberResults', 'invalidSeed'])
  })

  it('rejects a reused taskUUID with conflictTaskUUID', async () => {
    const task = wireTask()
    expect((await postRaw(emulator.url, [task])).status).toBe(200)
    const again = await postRaw(emulator.url, [task])
    expect(again.status).toBe(400)
    expect(again.body.errors[0]).toMatchObject({
      code: 'conflictTaskUUID',
      parameter: 'taskUUID',
      taskUUID: task.taskUUID,
      context: { taskType: 'textInference', taskUUID: task.taskUUID, deliveryMethod: 'sync' },
    })
  })

  it('does not store a task that failed validation', async () => {
    const task = wireTask({ seed: -1 })
    expect((await postRaw(emulator.url, [task])).status).toBe(400)
    expect((await postRaw(emulator.url, [{ ...task, seed: 1 }])).status).toBe(200)
  })

  it('rejects a duplicate taskUUID inside one batch', async () => {
    const task = wireTask()
    const reply = await postRaw(emulator.url, [task, task])
    expect(reply.status).toBe(200)
    expect(reply.body.data).toHaveLength(1)
    expect(reply.body.errors).toEqual([expect.objectContaining({ code: 'conflictTaskUUID' })])
  })
})

describe('envelope and routing', () => {
  it.each<[string, unknown]>([
    ['an object', wireTask()],
    ['an empty array', []],
    ['invalid JSON', '[{"taskType":'],
  ])('rejects a body that is %s with invalidParameter', async (_name, body) => {
    const reply = await postRaw(emulator.url, body)
    expect(reply.status).toBe(400)
    expect(reply.body).toEqual({ data: [], errors: [expect.objectContaining({ code: 'invalidParameter' })] })
  })

  it('answers ping and rejects unknown task types', async () => {
    const uuid = randomUUID()
    const reply = await postRaw(emulator.url, [{ taskType: 'ping', ping: true }, { taskType: 'imageInference', taskUUID: uuid }])
    expect(reply.status).toBe(200)
    expect(reply.body.data).toEqual([{ taskType: 'ping', pong: true }])
    expect(reply.body.errors).toEqual([expect.objectContaining({ code: 'unsupportedTaskType', parameter: 'taskType', taskUUID: uuid })])
  })

  it('returns N items with the same taskUUID and both arrays for a mixed batch', async () => {
    const good = wireTask({ numberResults: 3 })
    const bad = wireTask({ seed: -5 })
    const reply = await postRaw(emulator.url, [bad, good])
    expect(reply.status).toBe(200)
    expect(reply.body.data).toHaveLength(3)
    for (const item of reply.body.data) {
      expect(Object.keys(item).sort()).toEqual(['cost', 'finishReason', 'taskType', 'taskUUID', 'text', 'usage'])
      expect(item.taskUUID).toBe(good.taskUUID)
    }
    expect(reply.body.errors).toEqual([expect.objectContaining({ code: 'invalidSeed', taskUUID: bad.taskUUID })])
  })

  it('omits usage and cost unless asked for', async () => {
    const reply = await postRaw(emulator.url, [wireTask({ includeCost: undefined, includeUsage: false })])
    expect(Object.keys(reply.body.data[0]).sort()).toEqual(['finishReason', 'taskType', 'taskUUID', 'text'])
  })

  it('answers 404 outside /v1', async () => {
    const reply = await postRaw(emulator.url.replace(/\/v1$/, '/v2'), [wireTask()])
    expect(reply.status).toBe(404)
  })
})
