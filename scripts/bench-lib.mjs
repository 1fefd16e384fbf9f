// Helpers shared by the benchmark scripts (scripts/bench.mjs, scripts/bench-bounds.mjs): a generated
// project, a timed child process with its peak RSS, a standalone emulator, the bare-HTTP floor.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const BIN = join(ROOT, 'bin', 'evals.js')

export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor((s.length - 1) / 2)]
}

/** A project with one suite of n cases x 1 seed x 1 result, pointed at the emulator URL. */
export function makeProject(n, concurrency, url) {
  const dir = mkdtempSync(join(tmpdir(), 'evals-bench-'))
  const rows = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `c${i}`, word: `w${i}` })).join('\n')
  writeFileSync(join(dir, 'cases.jsonl'), `${rows}\n`)
  writeFileSync(join(dir, 'suite.yaml'), [
    'name: bench',
    'prompt: "Repeat the word {{word}}."',
    'seeds: [7]',
    'dataset: cases.jsonl',
    'assert:',
    '  - type: contains',
    '    value: " "',
    '',
  ].join('\n'))
  writeFileSync(join(dir, 'evals.config.yaml'), [
    'provider:',
    '  type: runware',
    `  baseUrl: ${url}`,
    '  maxRetries: 0',
    `concurrency: ${concurrency}`,
    'database: bench.db',
    'reportsDir: reports',
    'thresholds: { minPassRate: 0, maxErrorRate: 1 }',
    '',
  ].join('\n'))
  return dir
}

/** Run a command, sampling its peak RSS (VmHWM) from /proc while it runs. */
export function timed(argv, cwd, env = {}) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint()
    const child = spawn(process.execPath, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let peakKb = 0
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peakKb = Math.max(peakKb, Number(m[1]))
      } catch { /* exited */ }
    }, 20)
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', fail)
    child.on('close', (code) => {
      clearInterval(poll)
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      done({ code, ms, peakMb: peakKb / 1024, stdout, stderr })
    })
  })
}

/** Start `evals emulator` with a fixed latency; resolves with its URL and a stop function. */
export function startEmulator(latencyMs) {
  const dir = mkdtempSync(join(tmpdir(), 'evals-bench-emu-'))
  const script = join(dir, 'emulator.yaml')
  writeFileSync(script, `latency: { fixedMs: ${latencyMs} }\n`)
  const child = spawn(process.execPath, [BIN, 'emulator', '--script', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((done, fail) => {
    child.stdout.once('data', (d) => done({ url: String(d).split('\n')[0].trim(), stop: () => child.kill('SIGINT') }))
    child.on('error', fail)
  })
}

/** The same N requests as bare POSTs (scripts/http-floor.mjs), in ms from the first to the last answer. */
export function httpFloor(url, n, concurrency) {
  const f = spawnSync(process.execPath, [join(ROOT, 'scripts', 'http-floor.mjs'), url, String(n), String(concurrency)], { encoding: 'utf8' })
  if (f.status !== 0) throw new Error(`http-floor failed: ${f.stderr}`)
  return Number(f.stdout)
}
