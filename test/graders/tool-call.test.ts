import { describe, expect, it } from 'vitest'
import type { ToolCall } from '../../src/core/index.js'
import { gradeOne } from './helpers.js'

const calls: ToolCall[] = [
  { id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo', days: 3, units: { temp: 'C' } } },
  { id: 'call_2', name: 'get_time', arguments: { zone: 'Europe/Oslo' } },
]
const weatherSchema = {
  type: 'object',
  required: ['city', 'days'],
  properties: { city: { type: 'string' }, days: { type: 'integer', maximum: 7 } },
}

async function grade(assertion: Record<string, unknown>, toolCalls: ToolCall[] | null = calls, vars = {}) {
  return gradeOne({ type: 'tool-call', called: true, ...assertion }, '', vars, toolCalls ? { toolCalls } : {})
}

describe('tool-call', () => {
  it('passes when the named tool was called, and fails naming what was called instead', async () => {
    expect((await grade({ name: 'get_time' })).pass).toBe(true)
    const missing = await grade({ name: 'book_flight' })
    expect(missing.pass).toBe(false)
    expect(missing.reason).toBe('expected a call of book_flight, found no call of book_flight (called: get_weather, get_time)')
    expect((await grade({ name: 'get_time' }, null)).reason).toBe('expected a call of get_time, found no tool calls')
  })

  it('with called: false, passes only when no call matches', async () => {
    expect((await grade({ name: 'book_flight', called: false })).pass).toBe(true)
    const called = await grade({ name: 'get_time', called: false })
    expect(called.pass).toBe(false)
    expect(called.reason).toBe('expected no call of get_time, found get_time({"zone":"Europe/Oslo"})')
    expect((await grade({ name: 'get_weather', called: false, arguments: { city: 'Bergen' } })).pass).toBe(true)
  })

  it.each([
    [{ city: 'Oslo' }, true],
    [{ city: 'Oslo', days: 3 }, true],
    [{ days: '3' }, true], // a string (from CSV or a template) equals the number 3
    [{ units: { temp: 'C' } }, true],
    [{ units: { temp: 'F' } }, false],
    [{ units: {} }, false],
    [{ city: 'Bergen' }, false],
    [{ country: 'NO' }, false],
  ])('arguments %j pass: %s', async (args, pass) => {
    expect((await grade({ name: 'get_weather', arguments: args })).pass).toBe(pass)
  })

  it('renders string arguments as templates over the case vars and says which argument differs', async () => {
    expect((await grade({ name: 'get_weather', arguments: { city: '{{city}}' } }, calls, { city: 'Oslo' })).pass).toBe(true)
    const wrong = await grade({ name: 'get_weather', arguments: { city: '{{city}}' } }, calls, { city: 'Bergen' })
    expect(wrong.reason).toBe('expected a call of get_weather with {"city":"Bergen"}, found get_weather({"city":"Oslo","days":3,"units":{"temp":"C"}}): city is "Oslo", expected "Bergen"')
  })

  it('checks arguments against a JSON schema', async () => {
    expect((await grade({ name: 'get_weather', schema: weatherSchema })).pass).toBe(true)
    const tooLong = [{ id: 'c', name: 'get_weather', arguments: { city: 'Oslo', days: 10 } }]
    const failed = await grade({ name: 'get_weather', schema: weatherSchema }, tooLong)
    expect(failed.pass).toBe(false)
    expect(failed.reason).toContain('arguments /days must be <= 7')
  })

  it('passes when any of several calls of the tool matches', async () => {
    const two = [
      { id: 'a', name: 'get_weather', arguments: { city: 'Bergen', days: 1 } },
      { id: 'b', name: 'get_weather', arguments: { city: 'Oslo', days: 2 } },
    ]
    expect((await grade({ name: 'get_weather', arguments: { city: 'Oslo' } }, two)).pass).toBe(true)
  })
})
