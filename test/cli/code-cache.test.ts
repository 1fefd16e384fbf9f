import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from './helpers.js'

/**
 * bin/evals.js compiles the bundle with V8's code cache, one file per command under
 * dist/bundle/code-cache/. Each test works on its own copy of the installed CLI (bin, bundle,
 * package.json, and a link to node_modules), so other tests' runs never touch its cache files.
 */
function installCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'evals-install-'))
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true })
  cpSync(join(REPO, 'bin'), join(dir, 'bin'), { recursive: true })
  cpSync(join(REPO, 'dist', 'bundle', 'evals.cjs'), join(dir, 'dist', 'bundle', 'evals.cjs'))
  cpSync(join(REPO, 'package.json'), join(dir, 'package.json'))
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

function cli(install: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(install, 'bin', 'evals.js'), ...args], { cwd: install, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const cacheOf = (install: string, command: string): string => join(install, 'dist', 'bundle', 'code-cache', `${command}.bin`)
const changedAt = (file: string): bigint => statSync(file, { bigint: true }).mtimeNs

describe('the code cache of bin/evals.js', () => {
  it('is written by the first run of a command, with a header naming the bundle and the code hash, and then used as is', () => {
    const install = installCopy()
    const first = cli(install, 'schema')
    expect(first.code).toBe(0)
    const file = cacheOf(install, 'schema')
    const data = readFileSync(file)
    const end = data.indexOf(10)
    const bundle = statSync(join(install, 'dist', 'bundle', 'evals.cjs'))
    const code = data.subarray(end + 1)
    expect(data.subarray(0, end).toString('latin1')).toBe(
      `evals-code-cache ${bundle.size} ${bundle.mtimeMs} ${createHash('sha256').update(code).digest('hex')}`)
    expect(code.length).toBeGreaterThan(10_000)

    const before = changedAt(file)
    const second = cli(install, 'schema')
    expect(second).toEqual(first) // the same output from the cached code
    expect(changedAt(file)).toBe(before) // accepted: a cache V8 rejects is written anew
    expect(readFileSync(cacheOf(install, 'schema'))).toEqual(data)
  })

  it('keeps one cache per command', () => {
    const install = installCopy()
    expect(cli(install, '--version').stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version)
    expect(cli(install, 'schema').code).toBe(0)
    expect(statSync(cacheOf(install, 'none')).size).toBeGreaterThan(0)
    expect(statSync(cacheOf(install, 'schema')).size).toBeGreaterThan(statSync(cacheOf(install, 'none')).size)
  })

  it('ignores and rewrites a damaged cache (V8 would crash on it)', () => {
    const install = installCopy()
    const reference = cli(install, 'schema')
    const file = cacheOf(install, 'schema')
    const data = readFileSync(file)
    const end = data.indexOf(10)
    for (let i = end + 200; i < data.length; i += 97) data[i] = data[i]! ^ 0x5a // the header still claims the old hash
    writeFileSync(file, data)
    const damaged = cli(install, 'schema')
    expect(damaged).toEqual(reference)
    const rewritten = readFileSync(file)
    const code = rewritten.subarray(rewritten.indexOf(10) + 1)
    expect(rewritten.subarray(0, rewritten.indexOf(10)).toString('latin1')).toMatch(new RegExp(`${createHash('sha256').update(code).digest('hex')}$`))
    expect(cli(install, 'schema')).toEqual(reference)
  })

  it('ignores the cache of another build of the bundle', () => {
    const install = installCopy()
    const reference = cli(install, 'schema')
    const file = cacheOf(install, 'schema')
    const old = readFileSync(file)
    const later = new Date(Date.now() + 60_000)
    utimesSync(join(install, 'dist', 'bundle', 'evals.cjs'), later, later) // a rebuild of the same size
    expect(cli(install, 'schema')).toEqual(reference)
    const rewritten = readFileSync(file)
    expect(rewritten.equals(old)).toBe(false)
    expect(rewritten.subarray(0, rewritten.indexOf(10)).toString('latin1')).toContain(` ${statSync(join(install, 'dist', 'bundle', 'evals.cjs')).mtimeMs} `)
  })

  it('leaves a read-only install working, without a cache', () => {
    const install = installCopy()
    const reference = cli(install, 'schema')
    const blocked = installCopy()
    writeFileSync(join(blocked, 'dist', 'bundle', 'code-cache'), 'a file where the cache directory would be')
    expect(cli(blocked, 'schema')).toEqual(reference)
  })
})
