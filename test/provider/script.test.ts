import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/core/index.js'
import {
  createRunwareProvider, defaultEmulatorScript, loadEmulatorScript, parseEmulatorScript, startEmulator,
  type EmulatorHandle, type RunwareProvider,
} from '../../src/provider/index.js'
import { textRequest } from './helpers.js'

const SCRIPT = `
# How the emulator answers the capitals suite.
pricing: { inputPerMillion: 1, outputPerMillion: 4 }
latency: { fixedMs: 0 }
responses:
  - match: "capital of ([A-Za-z .'-]+)\\\\?"
    flags: i
    lookup: { France: Paris, Japan: Tokyo, Peru: Lima }
    wrong: [Lyon, Osaka]
    accuracy: { minimal: 0.4, low: 0.6, medium: 0.8, high: 0.95 }
  - match: "^Give the JSON"
    answer: { city: Paris, ok: true }
  - match: "^Always right"
    answer: Yes
`

function writeScript(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'evals-emu-')), 'emulator.yaml')
  writeFileSync(file, text)
  return file
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (e) {
    if (e instanceof ConfigError) return e
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('loading a script', () => {
  it('applies defaults to an empty file', () => {
    expect(loadEmulatorScript(writeScript(''))).toEqual(defaultEmulatorScript)
  })

  it('resolves a full script', () => {
    const script = loadEmulatorScript(writeScript(SCRIPT))
    expect(script.pricing).toEqual({ inputPerMillion: 1, outputPerMillion: 4 })
    expect(script.latency).toEqual({ baseMs: 2, tokensPerSecond: 90_000, scale: 1, fixedMs: 0 })
    expect(script.responses[0]).toMatchObject({ flags: 'i', wrong: ['Lyon', 'Osaka'] })
    expect(script.responses[2]).toMatchObject({ answer: 'Yes', accuracy: 1, wrong: [] })
  })

  it('reports a misspelt key with line, column and a did-you-mean', () => {
    const file = writeScript('responses:\n  - match: "x"\n    lokup: { a: b }\n')
    const err = configError(() => loadEmulatorScript(file))
    expect(err.issues).toContainEqual({ file, line: 3, col: 5, path: 'responses[0].lokup', message: expect.stringContaining('did you mean "lookup"?') })
  })

  it('reports a misspelt top-level key and a misspelt thinking level', () => {
    const err = configError(() => parseEmulatorScript('latncy: { baseMs: 1 }\nthinkingTokens: { meduim: 5 }\n', 'emu.yaml'))
    expect(err.issues).toEqual([
      expect.objectContaining({ line: 1, col: 1, path: 'latncy', message: expect.stringContaining('did you mean "latency"?') }),
    ])
    const levels = configError(() => parseEmulatorScript('thinkingTokens: { meduim: 5 }\n', 'emu.yaml'))
    expect(levels.issues).toEqual([
      expect.objectContaining({ line: 1, col: 19, path: 'thinkingTokens.meduim', message: expect.stringContaining('did you mean "medium"?') }),
    ])
  })

  it.each<[string, string, string]>([
    ['a wrong type', 'latency: { baseMs: fast }', 'latency.baseMs'],
    ['an accuracy above 1', 'responses: [{ match: x, answer: y, accuracy: 1.5 }]', 'responses[0].accuracy'],
    ['a bad regex', 'responses: [{ match: "(", answer: y }]', 'responses[0].match'],
    ['both answer and lookup', 'responses: [{ match: x, answer: y, lookup: { a: b } }]', 'responses[0].answer'],
    ['neither answer nor lookup', 'responses: [{ match: x }]', 'responses[0].answer'],
    ['a YAML syntax error', 'responses: [', ''],
  ])('reports %s', (_name, text, path) => {
    const err = configError(() => parseEmulatorScript(text, 'emu.yaml'))
    expect(err.code).toBe('EMULATOR_SCRIPT_INVALID')
    expect(err.issues[0]).toMatchObject({ file: 'emu.yaml', path, line: expect.any(Number) })
  })

  it('reports an unreadable file', () => {
    expect(configError(() => loadEmulatorScript('/nonexistent/emulator.yaml')).code).toBe('EMULATOR_SCRIPT_UNREADABLE')
  })
})

describe('scripted answers', () => {
  let emulator: EmulatorHandle
  let client: RunwareProvider
  beforeAll(async () => {
    emulator = await startEmulator({ script: parseEmulatorScript(SCRIPT) })
    client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'k-1234', timeoutMs: 10_000 })
  })
  afterAll(async () => {
    await client.close()
    await emulator.close()
  })

  const ask = (content: string, thinkingLevel: string, seed: number, numberResults = 1) =>
    client.generate(textRequest({ messages: [{ role: 'user', content }], settings: { thinkingLevel }, seed, numberResults }))

  /** Texts of samples seed, seed+1, … for `count` samples, 4 per request. */
  async function samples(content: string, level: string, count: number): Promise<string[]> {
    const requests = Array.from({ length: count / 4 }, (_, i) => ask(content, level, 1000 + i * 4, 4))
    return (await Promise.all(requests)).flatMap((r) => r.results.map((x) => x.text))
  }

  it('answers correctly at the accuracy rate, monotone from low to high', async () => {
    const count = 400
    const low = await samples('What is the capital of France?', 'low', count)
    const high = await samples('What is the capital of France?', 'high', count)
    const lowRate = low.filter((t) => t === 'Paris').length / count
    const highRate = high.filter((t) => t === 'Paris').length / count
    expect(lowRate).toBeGreaterThan(0.52)
    expect(lowRate).toBeLessThan(0.68)
    expect(highRate).toBeGreaterThan(0.9)
    low.forEach((text, i) => {
      if (text === 'Paris') expect(high[i]).toBe('Paris')
      else expect(['Lyon', 'Osaka']).toContain(text)
    })
  })

  it('takes missing levels from the nearest lower level', async () => {
    const off = await samples('What is the capital of Japan?', 'off', 200)
    const minimal = await samples('What is the capital of Japan?', 'minimal', 200)
    expect(off).toEqual(minimal)
  })

  it('looks up capture groups case-insensitively and falls through on unknown keys', async () => {
    const res = await ask('capital of PERU?', 'high', 3)
    expect(['Lima', 'Lyon', 'Osaka']).toContain(res.results[0]!.text)
    const unknown = await ask('What is the capital of Atlantis?', 'high', 3)
    expect(unknown.results[0]!.text).toMatch(/^[A-Z][a-z ]+\.$/)
  })

  it('sends object answers as JSON text and uses the script pricing', async () => {
    const res = await ask('Give the JSON please', 'off', 1)
    expect(JSON.parse(res.results[0]!.text)).toEqual({ city: 'Paris', ok: true })
    const { promptTokens, completionTokens, thinkingTokens } = res.results[0]!.usage!
    expect(res.results[0]!.costUsd).toBeCloseTo((promptTokens * 1 + (completionTokens + thinkingTokens) * 4) / 1e6, 12)
    expect((await ask('Always right?', 'minimal', 9)).results[0]!.text).toBe('Yes')
  })
})

describe('latency', () => {
  it('grows with thinking tokens under the formula', async () => {
    // scale 4: low ~ (2 + 270/90) * 4 = 20 ms, high ~ (2 + 4110/90) * 4 = 190 ms
    const emulator = await startEmulator({ script: parseEmulatorScript('latency: { scale: 4 }') })
    const client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'k-1234', timeoutMs: 10_000 })
    try {
      await client.generate(textRequest()) // warm the connection
      const low = await client.generate(textRequest({ settings: { thinkingLevel: 'low' } }))
      const high = await client.generate(textRequest({ settings: { thinkingLevel: 'high' } }))
      expect(low.latencyMs).toBeGreaterThan(15)
      expect(high.latencyMs).toBeGreaterThan(150)
      expect(high.latencyMs).toBeGreaterThan(low.latencyMs + 100)
    } finally {
      await client.close()
      await emulator.close()
    }
  })
})
