import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

/** A sortable, readable run id: `20261128-004512-a3f9`. */
export function newRunId(now: Date): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${iso}-${randomBytes(2).toString('hex')}`
}

/** The current git commit of the project, when it is a git work tree. */
export function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || undefined
  } catch {
    return undefined
  }
}
