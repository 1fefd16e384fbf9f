import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO, runCli } from './helpers.js'
import { postRaw, wireTask } from '../provider/helpers.js'

/** `evals emulator` as a user starts it: the URL is the first line; Ctrl+C stops it. */
async function startCli(args: string[]) {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'evals.js'), 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = createInterface({ input: child.stdout })
  const [url] = (await once(lines, 'line')) as [string]
  return {
    url,
    stop: async () => {
      const exited = once(child, 'close')
      child.kill('SIGINT')
      const [code] = (await exited) as [number]
      return code
    },
  }
}

describe('evals emulator', () => {
  it('prints its URL first and injects the faults and strict keys it is given', async () => {
    const emulator = await startCli(['--port', '0', '--fault', '429@1', '--retry-after', '3', '--fault', '503@2', '--api-key', 'good-key', '--out-of-credit-key', 'broke-key'])
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
      const key = { authorization: 'Bearer good-key' }
      const limited = await postRaw(emulator.url, [wireTask()], key)
      expect(limited).toMatchObject({ status: 429, body: { errors: [{ code: 'rateLimitExceeded' }] } })
      expect((await postRaw(emulator.url, [wireTask()], key)).status).toBe(503)
      expect((await postRaw(emulator.url, [wireTask()], key)).status).toBe(200)
      expect((await postRaw(emulator.url, [wireTask()], { authorization: 'Bearer other-key' })).status).toBe(401)
      expect((await postRaw(emulator.url, [wireTask()], { authorization: 'Bearer broke-key' })).status).toBe(402)
    } finally {
      expect(await emulator.stop()).toBe(0)
    }
  })

  it('rejects a bad fault spec as a usage error', async () => {
    const result = await runCli(['emulator', '--fault', 'teapot:0.5'], REPO)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--fault: expected KIND:RATE')
  })
})
