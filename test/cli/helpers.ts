import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO = resolve(__dirname, '..', '..')
const BIN = join(REPO, 'bin', 'evals.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the real CLI (the compiled bin) as a user would. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** A copy of the example project in a temp directory. */
export function copyExampleProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-e2e-'))
  for (const item of ['evals', 'datasets', 'schemas', 'emulator.yaml', 'evals.config.yaml']) {
    cpSync(join(REPO, item), join(dir, item), { recursive: true })
  }
  return dir
}
