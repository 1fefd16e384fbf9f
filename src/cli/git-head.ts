import { execFile } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/**
 * The commit checked out in the git work tree around `cwd`, or undefined outside one: what
 * `git rev-parse HEAD` answers, read from the repository's own files (HEAD, then the branch's
 * loose ref or packed-refs). Running git cost every run ~11 ms of the main thread, to fork a
 * large process. What this does not read with certainty (GIT_DIR set, a ref in neither place,
 * an unborn branch, a reftable repository, an unreadable file) is asked of git itself.
 */
export function gitCommit(cwd: string): Promise<string | undefined> {
  const read = readHead(cwd)
  return read === ASK_GIT ? askGit(cwd) : Promise.resolve(read)
}

const ASK_GIT = Symbol('ask git')
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/ // SHA-1 or SHA-256

function readHead(cwd: string): string | undefined | typeof ASK_GIT {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return ASK_GIT
  try {
    const gitDir = findGitDir(resolve(cwd))
    if (gitDir === undefined) return undefined
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim()
    if (OBJECT_ID.test(head)) return head // detached
    if (!head.startsWith('ref: ')) return ASK_GIT
    return resolveRef(gitDir, head.slice(5).trim()) ?? ASK_GIT
  } catch {
    return ASK_GIT
  }
}

/** The repository of the nearest `.git` at or above `dir`: a directory, or a file naming it (a worktree, a submodule). */
function findGitDir(dir: string): string | undefined {
  for (;;) {
    const dotGit = join(dir, '.git')
    const stat = statSync(dotGit, { throwIfNoEntry: false })
    if (stat?.isDirectory()) return dotGit
    if (stat?.isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))
      if (!pointer) throw new Error(`${dotGit} names no gitdir`)
      return resolve(dir, pointer[1]!.trim())
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** A branch's commit: its loose ref (the worktree's own first, then the shared one), then packed-refs. */
function resolveRef(gitDir: string, name: string): string | undefined {
  const common = readOptional(join(gitDir, 'commondir'))
  const commonDir = common === undefined ? gitDir : resolve(gitDir, common.trim())
  for (const dir of [gitDir, commonDir]) {
    const loose = readOptional(join(dir, name))?.trim()
    if (loose !== undefined) return OBJECT_ID.test(loose) ? loose : undefined
  }
  for (const line of (readOptional(join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [id, ref] = line.trim().split(' ')
    if (ref === name && id !== undefined && OBJECT_ID.test(id)) return id
  }
  return undefined
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
}

function askGit(cwd: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd }, (error, stdout) => done(error ? undefined : stdout.trim() || undefined))
  })
}
