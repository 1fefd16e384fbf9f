#!/usr/bin/env node
// The floor under `evals run`: N bare POSTs of a textInference task (undici, C at a time, the
// same keep-alive pool the client uses) against an emulator URL, with no harness around them.
// Prints the wall time in ms. Used by scripts/bench.mjs; also: node scripts/http-floor.mjs URL N C
import { randomUUID } from 'node:crypto'
import { Pool } from 'undici'

const [url, n, c] = [new URL(process.argv[2]), Number(process.argv[3]), Number(process.argv[4])]
const pool = new Pool(url.origin, { connections: c })
const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-key' }
const body = (i) => JSON.stringify([{
  taskType: 'textInference', taskUUID: randomUUID(), model: 'openai:gpt@5-mini', seed: 7, numberResults: 1,
  messages: [{ role: 'user', content: `Repeat the word w${i}.` }], settings: { maxTokens: 1024 },
}])
let next = 0
const start = performance.now()
await Promise.all(Array.from({ length: c }, async () => {
  while (next < n) {
    const res = await pool.request({ path: url.pathname, method: 'POST', headers, body: body(next++) })
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`)
    await res.body.json()
  }
}))
process.stdout.write(`${performance.now() - start}\n`)
await pool.close()
