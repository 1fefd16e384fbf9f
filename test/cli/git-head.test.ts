import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gitCommit } from '../../src/cli/git-head.js'

/** Real repositories in temporary directories; each answer is checked against git's own. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=evals', '-c', 'user.email=evals@example.invalid', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' } }).trim()
}

function repoWithCommits(n: number): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'evals-git-')))
  git(dir, 'init', '-q')
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, 'file.txt'), `version ${i}\n`)
    git(dir, 'add', 'file.txt')
    git(dir, 'commit', '-q', '-m', `commit ${i}`)
  }
  return dir
}

/**
 * gitCommit with no git on the PATH: an answer then comes from reading the repository's files,
 * not from the fallback that runs git.
 */
async function readCommit(cwd: string): Promise<string | undefined> {
  const path = process.env.PATH
  process.env.PATH = ''
  try {
    return await gitCommit(cwd)
  } finally {
    process.env.PATH = path
  }
}

describe('gitCommit reads the checked-out commit as git rev-parse HEAD does', () => {
  it('on a branch with a loose ref, from the root and from a subdirectory', async () => {
    const dir = repoWithCommits(2)
    mkdirSync(join(dir, 'evals', 'deep'), { recursive: true })
    const head = git(dir, 'rev-parse', 'HEAD')
    expect(head).toMatch(/^[0-9a-f]{40}$/)
    expect(await readCommit(dir)).toBe(head)
    expect(await readCommit(join(dir, 'evals', 'deep'))).toBe(head)
  })

  it('on a branch whose ref is only in packed-refs', async () => {
    const dir = repoWithCommits(2)
    git(dir, 'pack-refs', '--all', '--prune')
    rmSync(join(dir, '.git', 'refs', 'heads', 'main'), { force: true })
    expect(await readCommit(dir)).toBe(git(dir, 'rev-parse', 'HEAD'))
  })

  it('on a detached HEAD', async () => {
    const dir = repoWithCommits(3)
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1')
    const head = git(dir, 'rev-parse', 'HEAD')
    expect(await readCommit(dir)).toBe(head)
    expect(head).not.toBe(git(dir, 'rev-parse', 'main'))
  })

  it('in a linked worktree (.git is a file) on another branch', async () => {
    const dir = repoWithCommits(2)
    const tree = `${dir}-tree`
    git(dir, 'worktree', 'add', '-q', '-b', 'other', tree, 'HEAD~1')
    expect(await readCommit(tree)).toBe(git(tree, 'rev-parse', 'HEAD'))
    expect(await readCommit(tree)).not.toBe(await readCommit(dir))
  })

  it('gives undefined outside a repository and in one without commits', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'evals-nogit-')))
    expect(await readCommit(outside)).toBeUndefined()
    const empty = realpathSync(mkdtempSync(join(tmpdir(), 'evals-git-empty-')))
    git(empty, 'init', '-q')
    expect(await gitCommit(empty)).toBeUndefined() // an unborn branch: git is asked, and says none
  })

  it('asks git when GIT_DIR is set', async () => {
    const dir = repoWithCommits(1)
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'evals-nogit-')))
    process.env.GIT_DIR = join(dir, '.git')
    try {
      expect(await gitCommit(elsewhere)).toBe(git(dir, 'rev-parse', 'HEAD'))
    } finally {
      delete process.env.GIT_DIR
    }
  })
})
