import fs from 'node:fs'
import path from 'node:path'
import type { Issue } from '../core/index.js'
import { isInside, relativeTo, type FileRef } from './files.js'

/**
 * Suite discovery: the given files and directories (relative to the working directory,
 * else to the project root), or `<root>/evals/` when no list is given (an empty list loads
 * no suites: config only). Directories are searched
 * recursively for *.yaml / *.yml (skipping dot-directories and node_modules); the result
 * is sorted by path and free of duplicates.
 */

export const DEFAULT_SUITES_DIR = 'evals'
const SUITE_FILE = /\.ya?ml$/i

export function discoverSuites(root: string, paths: readonly string[] | undefined, cwd: string): { files: FileRef[]; issues: Issue[] } {
  const issues: Issue[] = []
  const found = new Map<string, FileRef>()
  const add = (abs: string) => found.set(abs, { abs, rel: relativeTo(root, abs) })
  if (paths === undefined) {
    const dir = path.join(root, DEFAULT_SUITES_DIR)
    if (isDirectory(dir)) for (const f of walk(dir)) add(f)
  } else {
    for (const p of paths) {
      const abs = [path.resolve(cwd, p), path.resolve(root, p)].find((c) => fs.existsSync(c))
      const problem = checkPath(root, p, abs)
      if (problem) issues.push({ file: p, path: '', message: problem })
      else if (isDirectory(abs!)) for (const f of walk(abs!)) add(f)
      else add(abs!)
    }
  }
  const files = [...found.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
  return { files, issues }
}

function checkPath(root: string, p: string, abs: string | undefined): string | undefined {
  if (!abs) return `no such file or directory: ${p}; expected a suite file or a directory of suites`
  if (!isInside(root, abs)) return `path "${p}" is outside the project root ${root}`
  if (!isDirectory(abs) && !SUITE_FILE.test(abs)) return `expected a .yaml or .yml suite file, found "${p}"`
  return undefined
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(full))
    else if (entry.isFile() && SUITE_FILE.test(entry.name)) out.push(full)
  }
  return out
}
