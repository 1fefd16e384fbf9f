import fs from 'node:fs'
import path from 'node:path'
import { parseYamlSource, type Issue } from '../core/index.js'
import { readText, resolveInside } from './files.js'
import { PROJECT_RULES, runRules } from './rules.js'
import { OverridesSchema, ProjectFileSchema, type ProjectSpec } from './schema.js'
import type { ConfigOverrides, JudgeConfig, ProjectConfig, ProjectDefaults } from './types.js'
import { lineLocator, sourceLocator, splitValidKeys, topKey, validateSource, validateValue, type Locator } from './validate.js'

/**
 * The project file `evals.config.yaml` (optional: all defaults when absent) plus
 * command-line overrides, resolved into a `ProjectConfig` with absolute paths.
 */

export const CONFIG_FILE = 'evals.config.yaml'
/** The `file` of issues about command-line overrides. */
export const OVERRIDES_FILE = '(command line)'
const PREFERRED_DEFAULT_LEVEL = 'low'

export function loadConfig(root: string, overrides: ConfigOverrides | undefined, cwd: string): { config: ProjectConfig; issues: Issue[] } {
  const file = path.join(root, CONFIG_FILE)
  const issues: Issue[] = []
  const exists = fs.existsSync(file)
  const read = exists ? readSpec(file) : { spec: ProjectFileSchema.parse({}), issues: [] }
  issues.push(...read.issues)
  const spec = read.spec ?? ProjectFileSchema.parse({})
  const at: Locator = read.at ?? lineLocator(CONFIG_FILE, 1)
  const ruleIssues: Issue[] = []
  if (read.spec) runRules(PROJECT_RULES, { spec, at, issues: ruleIssues })
  const broken = read.broken ?? new Set<string>()
  issues.push(...ruleIssues.filter((i) => !broken.has(topKey(i.path)) && !(['defaults', 'judge'].includes(topKey(i.path)) && broken.has('thinkingLevels'))))
  const checked = validateValue(overrides ?? {}, OverridesSchema, (p, m, k) => ({
    file: OVERRIDES_FILE, path: [...p, ...(k ? [k] : [])].join('.'), message: m,
  }))
  const config = resolveConfig(root, spec, checked.value ?? {}, cwd, at, issues)
  if (exists) config.file = file
  return { config, issues: [...issues, ...checked.issues] }
}

/** The file's spec; with schema errors, the spec of its valid top-level keys (defaults for the rest). */
function readSpec(file: string): { spec?: ProjectSpec; at?: Locator; broken?: Set<string>; issues: Issue[] } {
  const read = readText({ abs: file, rel: CONFIG_FILE })
  if (read.issue) return { issues: [read.issue] }
  if (read.text === undefined) return { issues: [{ file: CONFIG_FILE, path: '', message: read.error ?? 'unreadable' }] }
  const { source, issues } = parseYamlSource(CONFIG_FILE, read.text)
  if (issues.length) return { issues }
  const validated = validateSource(source, ProjectFileSchema)
  const at = sourceLocator(source)
  if (validated.value) return { spec: validated.value, at, issues: [] }
  const { valid, broken } = splitValidKeys(source.doc.toJS(), ProjectFileSchema.shape)
  return { spec: ProjectFileSchema.safeParse(valid).data, at, broken, issues: validated.issues }
}

function resolveConfig(
  root: string,
  spec: ProjectSpec,
  overrides: ConfigOverrides,
  cwd: string,
  at: Locator,
  issues: Issue[],
): ProjectConfig {
  const p = spec.provider
  const config: ProjectConfig = {
    root,
    provider: {
      type: overrides.provider ?? p.type,
      baseUrl: p.baseUrl.replace(/\/+$/, ''),
      apiKeyEnv: p.apiKeyEnv,
      timeoutMs: p.timeoutMs,
      maxRetries: p.maxRetries,
      retryBaseDelayMs: p.retryBaseDelayMs,
      retryMaxDelayMs: p.retryMaxDelayMs,
      adaptiveConcurrency: p.adaptiveConcurrency,
      ...(p.delivery ? { delivery: Object.fromEntries(Object.entries(p.delivery).filter(([, v]) => v !== undefined)) } : {}),
    },
    model: spec.model,
    concurrency: overrides.concurrency ?? spec.concurrency,
    database: overrides.database !== undefined ? databasePath(cwd, overrides.database) : databasePath(root, spec.database),
    reportsDir: path.resolve(root, spec.reportsDir),
    baselinesDir: path.resolve(root, spec.baselinesDir),
    thinkingLevels: [...spec.thinkingLevels],
    defaults: resolveDefaults(spec),
    judge: resolveJudge(spec),
    thresholds: { ...spec.thresholds },
    cache: { ...spec.cache },
    gate: { ...spec.gate, suites: { ...spec.gate.suites } },
  }
  const script = p.emulator?.script
  if (script !== undefined) {
    const emulatorScript = resolveEmulatorScript(root, script, at, issues)
    if (emulatorScript) config.provider.emulatorScript = emulatorScript
  }
  return config
}

function resolveDefaults(spec: ProjectSpec): ProjectDefaults {
  const d = spec.defaults
  const thinkingLevel = d.settings.thinkingLevel
    ?? (spec.thinkingLevels.includes(PREFERRED_DEFAULT_LEVEL) ? PREFERRED_DEFAULT_LEVEL : undefined)
  return {
    settings: {
      ...(d.settings.systemPrompt !== undefined ? { systemPrompt: d.settings.systemPrompt } : {}),
      maxTokens: d.settings.maxTokens,
      ...(thinkingLevel !== undefined ? { thinkingLevel } : {}),
    },
    seeds: [...d.seeds],
    numberResults: d.numberResults,
    pass: d.pass,
  }
}

function resolveJudge(spec: ProjectSpec): JudgeConfig {
  const j = spec.judge
  const thinkingLevel = j.settings.thinkingLevel
    ?? (spec.thinkingLevels.includes(PREFERRED_DEFAULT_LEVEL) ? PREFERRED_DEFAULT_LEVEL : undefined)
  return {
    model: j.model ?? spec.model,
    settings: {
      ...(j.settings.systemPrompt !== undefined ? { systemPrompt: j.settings.systemPrompt } : {}),
      maxTokens: j.settings.maxTokens,
      ...(thinkingLevel !== undefined ? { thinkingLevel } : {}),
    },
    seed: j.seed,
    threshold: j.threshold,
  }
}

/** SQLite's `:memory:` stays as is; anything else becomes absolute. */
function databasePath(base: string, p: string): string {
  return p === ':memory:' ? p : path.resolve(base, p)
}

function resolveEmulatorScript(root: string, script: string, at: Locator, issues: Issue[]): string | undefined {
  const where = ['provider', 'emulator', 'script']
  const resolved = resolveInside(root, root, script)
  if (!resolved.ref) {
    issues.push(at(where, resolved.error ?? 'bad path'))
    return undefined
  }
  if (!fs.existsSync(resolved.ref.abs)) {
    issues.push(at(where, `file not found: ${resolved.ref.rel}; expected the emulator behaviour file`))
  }
  return resolved.ref.abs
}
