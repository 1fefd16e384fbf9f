import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigError, type Issue } from '../../src/core/index.js'
import { loadProject, type LoadProjectOptions } from '../../src/config/index.js'

/** Write a throwaway project: file path (relative to the root) -> content. */
export function writeProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evals-config-'))
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel)
    fs.mkdirSync(path.dirname(abs), { recursive: true })
    fs.writeFileSync(abs, text)
  }
  return root
}

export function removeProject(root: string): void {
  fs.rmSync(root, { recursive: true, force: true })
}

/** The issues of the ConfigError that loading throws (fails the test when it does not throw). */
export function loadIssues(root: string, opts?: LoadProjectOptions): Issue[] {
  try {
    loadProject(root, opts)
  } catch (err) {
    if (err instanceof ConfigError) return err.issues
    throw err
  }
  throw new Error('expected loadProject to throw a ConfigError')
}

/** Issues without the message, for exact comparisons of where they are. */
export function where(issues: Issue[]): Array<Omit<Issue, 'message'>> {
  return issues.map(({ message: _m, ...rest }) => rest)
}

export const fixture = (name: string) => path.join(import.meta.dirname, '..', 'fixtures', 'config', name)
