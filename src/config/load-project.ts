import path from 'node:path'
import { ConfigError, type Issue } from '../core/index.js'
import { discoverSuites } from './discover.js'
import { createSchemaChecker } from './files.js'
import { loadConfig } from './load-config.js'
import { loadSuite, type SuiteLoadContext, type SuiteLoadResult } from './load-suite.js'
import { createTemplateRenderer } from './template.js'
import type { ConfigOverrides, Project, ResolvedSuite } from './types.js'

/**
 * The entry point of config: project file + suites + datasets -> a resolved `Project`,
 * or one `ConfigError` carrying every issue of every file.
 */

export interface LoadProjectOptions {
  /** Suite files or directories (relative to `cwd`, else to the root). Default: `<root>/evals/`; `[]`: no suites. */
  paths?: string[]
  /** Command-line overrides applied over the project file. */
  overrides?: ConfigOverrides
  /** Directory that relative `paths` and an overridden `database` resolve against. Default: process.cwd(). */
  cwd?: string
}

export function loadProject(root: string, opts: LoadProjectOptions = {}): Project {
  const rootAbs = path.resolve(root)
  const cwd = opts.cwd ?? process.cwd()
  const issues: Issue[] = []
  const { config, issues: configIssues } = loadConfig(rootAbs, opts.overrides, cwd)
  issues.push(...configIssues)
  const discovered = discoverSuites(rootAbs, opts.paths, cwd)
  issues.push(...discovered.issues)

  const ctx: SuiteLoadContext = {
    root: rootAbs,
    thinkingLevels: config.thinkingLevels,
    defaults: config.defaults ?? { settings: {}, seeds: [1], numberResults: 1, pass: { rule: 'majority' } },
    renderer: createTemplateRenderer(),
    files: { root: rootAbs, schemas: createSchemaChecker(), schemaFiles: new Map(), referenced: new Set() },
  }
  const loaded = discovered.files.map((file) => ({ file, result: loadSuite(file, ctx) }))
  // A YAML file that some suite uses as a dataset or schema is data, not a suite.
  const notData = loaded.filter(({ file }) => !ctx.files.referenced.has(file.abs) && file.abs !== config.provider.emulatorScript)
  const suites: ResolvedSuite[] = []
  const names: Array<{ file: string; name: NonNullable<SuiteLoadResult['name']> }> = []
  for (const { file, result } of notData) {
    issues.push(...result.issues)
    if (result.suite) suites.push(result.suite)
    if (result.name) names.push({ file: file.rel, name: result.name })
  }
  issues.push(...duplicateNames(names))
  if (issues.length) throw new ConfigError(sortIssues(issues))
  return { config, suites }
}

function duplicateNames(names: ReadonlyArray<{ file: string; name: NonNullable<SuiteLoadResult['name']> }>): Issue[] {
  const first = new Map<string, string>()
  const issues: Issue[] = []
  for (const { file, name } of names) {
    const prev = first.get(name.value)
    if (prev !== undefined) {
      issues.push(name.issue(`duplicate suite name "${name.value}" (also used by ${prev}); expected names unique across the project`))
    } else {
      first.set(name.value, file)
    }
  }
  return issues
}

/** Files in the order they were first reported; within a file, by position. */
function sortIssues(issues: readonly Issue[]): Issue[] {
  const order = new Map<string, number>()
  for (const i of issues) if (!order.has(i.file)) order.set(i.file, order.size)
  return [...issues].sort((a, b) =>
    order.get(a.file)! - order.get(b.file)! || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0))
}
