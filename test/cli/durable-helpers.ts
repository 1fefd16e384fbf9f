import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { REPO, type CliResult } from './helpers.js'

/** Helpers of the durability tests (cache, resume, shards, secrets): real CLI, real emulator, real SQLite. */

const BIN = join(REPO, 'bin', 'evals.js')

export interface Spawned {
  child: ChildProcessWithoutNullStreams
  done: Promise<CliResult>
  /** What the process has written to stderr so far. */
  stderr(): string
}

/** Spawn the compiled CLI and keep hold of the process (to signal it). */
export function spawnCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }))
  })
  return { child, done, stderr: () => stderr }
}

export const COUNTRIES: Record<string, string> = {
  France: 'Paris', Japan: 'Tokyo', Kenya: 'Nairobi', Peru: 'Lima', Norway: 'Oslo',
  Egypt: 'Cairo', Italy: 'Rome', Canada: 'Ottawa', Turkey: 'Ankara', Vietnam: 'Hanoi',
}

export interface ProjectOptions {
  /** Fixed emulator latency per task. */
  latencyMs?: number
  concurrency?: number
  /** Point the runware provider at this URL (a standalone emulator). */
  runwareUrl?: string
  /** thinkingLevel of the `high` variant. */
  highLevel?: string
  /** P(right answer) in the emulator script (default 1: every sample passes). */
  accuracy?: number
}

/**
 * A project with one suite `geo`: 10 cases × variants low/high × seeds [1, 2] × 2 results
 * = 80 samples in 40 requests. Every answer is right by default (accuracy 1), and the project's
 * thresholds never fail a run.
 */
export function makeProject(options: ProjectOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-durable-'))
  mkdirSync(join(dir, 'evals'))
  writeFileSync(join(dir, 'evals.config.yaml'), projectConfig(options))
  writeFileSync(join(dir, 'emulator.yaml'), emulatorScript(options.latencyMs ?? 0, options.accuracy ?? 1))
  writeSuite(dir, options.highLevel ?? 'high')
  return dir
}

export function writeSuite(dir: string, highLevel: string): void {
  const cases = Object.entries(COUNTRIES)
    .map(([country, capital]) => `  - id: ${country.toLowerCase()}\n    vars: { country: ${country}, capital: ${capital} }`)
  writeFileSync(join(dir, 'evals', 'geo.yaml'), [
    'name: geo',
    'prompt: "What is the capital of {{country}}? Answer with the city only."',
    'seeds: [1, 2]',
    'numberResults: 2',
    'variants:',
    '  - name: low',
    '    settings: { thinkingLevel: low }',
    '  - name: high',
    `    settings: { thinkingLevel: ${highLevel} }`,
    'assert:',
    '  - type: icontains',
    '    value: "{{capital}}"',
    'cases:',
    ...cases,
    '',
  ].join('\n'))
}

function projectConfig(o: ProjectOptions): string {
  const provider = o.runwareUrl
    ? `provider:\n  type: runware\n  baseUrl: ${o.runwareUrl}\n  maxRetries: 0\n`
    : 'provider:\n  type: emulator\n  maxRetries: 0\n  emulator:\n    script: emulator.yaml\n'
  return `${provider}concurrency: ${o.concurrency ?? 4}\nthresholds:\n  minPassRate: 0\n  maxErrorRate: 1\n`
}

export function emulatorScript(latencyMs: number, accuracy = 1): string {
  const lookup = Object.entries(COUNTRIES).map(([k, v]) => `      ${k}: ${v}`).join('\n')
  return [
    `latency: { fixedMs: ${latencyMs} }`,
    'responses:',
    `  - match: "capital of ([A-Za-z ]+)\\\\?"`,
    '    lookup:',
    lookup,
    '    wrong: [Sydney, Lyon]',
    `    accuracy: ${accuracy}`,
    '',
  ].join('\n')
}

export const PLANNED_SAMPLES = 80
export const PLANNED_REQUESTS = 40

/** Every planned sample key of the `geo` suite, as `suite/case/variant/seed/index`. */
export function plannedKeys(): string[] {
  const keys: string[] = []
  for (const c of Object.keys(COUNTRIES)) {
    for (const v of ['low', 'high']) for (const seed of [1, 2]) for (const i of [0, 1]) keys.push(`geo/${c.toLowerCase()}/${v}/${seed}/${i}`)
  }
  return keys.sort()
}

/** Read-only queries on a database another process may be writing. */
export function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}

export function sampleKeysOf(file: string, runId: string): string[] {
  return query<{ k: string }>(file,
    "SELECT suite || '/' || case_id || '/' || variant || '/' || seed || '/' || result_index AS k FROM samples WHERE run_id = ? ORDER BY k",
    runId).map((r) => r.k)
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { timeout: 5000 })
  try {
    return String(db.pragma('integrity_check', { simple: true }))
  } finally {
    db.close()
  }
}

/**
 * Poll until `ready()` is true (checked every 10 ms); the test's own timeout bounds the wait.
 * With `watch`, fail at once when that process exits first (it would never get there).
 */
export async function until(ready: () => boolean, watch?: Spawned): Promise<void> {
  while (!ready()) {
    if (watch && (watch.child.exitCode !== null || watch.child.signalCode !== null)) {
      throw new Error(`the CLI exited (${watch.child.exitCode ?? watch.child.signalCode}) before the awaited point:\n${watch.stderr()}`)
    }
    await new Promise((r) => setTimeout(r, 10))
  }
}

export interface StandaloneEmulator {
  url: string
  requests(): Promise<number>
  close(): Promise<void>
}

/** `evals emulator --port 0 --script <file>` as a separate process; requests counted by its `GET /_emulator`. */
export async function startStandaloneEmulator(scriptFile: string): Promise<StandaloneEmulator> {
  const { child, done } = spawnCli(['emulator', '--port', '0', '--script', scriptFile], REPO)
  const lines = createInterface({ input: child.stdout })
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve)
    child.once('close', () => reject(new Error('the emulator exited before printing its URL')))
  })
  const statsUrl = new URL('/_emulator', url).toString()
  return {
    url,
    async requests() {
      const res = await fetch(statsUrl)
      return ((await res.json()) as { stats: { requests: number } }).stats.requests
    },
    async close() {
      child.kill('SIGINT')
      await done
    },
  }
}
