import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ConfigError, HarnessError, StoreError, issueAt, parseYamlSource, type Issue, type RunMeta, type SampleRecord } from '../core/index.js'
import {
  BASELINE_FORMAT_VERSION, BaselineSchema, compareSampleKeys, lineToSample, sampleToLine,
  type Baseline, type BaselineSuite,
} from './baseline-format.js'

/** Reading and writing baseline files (see baseline-format.ts for the format). */

export interface BaselineContent {
  name: string
  meta: RunMeta
  suites: readonly BaselineSuite[]
  samples: readonly SampleRecord[]
}

/** The file's text: stable for equal content (the same run always gives the same bytes). */
export function baselineText(content: BaselineContent): string {
  const { meta } = content
  const run = {
    id: meta.id,
    startedAt: meta.startedAt,
    ...(meta.finishedAt !== undefined ? { finishedAt: meta.finishedAt } : {}),
    status: meta.status,
    provider: meta.provider,
    model: meta.model,
    ...(meta.gitCommit !== undefined ? { gitCommit: meta.gitCommit } : {}),
  }
  const suites = content.suites.map((s) => ({ name: s.name, ...(s.hash ? { hash: s.hash } : {}), pass: s.pass, variants: s.variants }))
  const samples = [...content.samples].sort(compareSampleKeys).map((s) => JSON.stringify(sampleToLine(s)))
  return [
    '{',
    `  "formatVersion": ${BASELINE_FORMAT_VERSION},`,
    `  "name": ${JSON.stringify(content.name)},`,
    `  "run": ${JSON.stringify(run)},`,
    `  "suites": ${list(suites.map((s) => JSON.stringify(s)))},`,
    `  "samples": ${list(samples)}`,
    '}',
    '',
  ].join('\n')
}

function list(items: readonly string[]): string {
  return items.length ? `[\n${items.map((i) => `    ${i}`).join(',\n')}\n  ]` : '[]'
}

/** Write atomically (temp file, then rename), creating the directory. */
export function writeBaseline(file: string, content: BaselineContent): void {
  try {
    mkdirSync(dirname(file), { recursive: true })
    const temp = `${file}.${process.pid}.tmp`
    writeFileSync(temp, baselineText(content))
    renameSync(temp, file)
  } catch (error) {
    if (error instanceof HarnessError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new StoreError('BASELINE_WRITE', `${file}: cannot write the baseline: ${message}`, { cause: error })
  }
}

/** Read and validate a baseline file; every problem as `file:line:col  key  message` (exit 2). */
export function readBaseline(file: string, displayName = file): Baseline {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as { code?: string }).code
    throw invalid([{ file: displayName, path: '', message: code === 'ENOENT' ? 'file not found; expected a baseline file (`evals baseline save <run> <name>` writes one)' : `cannot read: ${String(error)}` }])
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw invalid(jsonSyntaxIssues(displayName, text, error instanceof Error ? error.message : String(error)))
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion
  if (typeof version === 'number' && version > BASELINE_FORMAT_VERSION) {
    throw invalid(locatedIssues(displayName, text, (at) => [at(['formatVersion'],
      `baseline format ${version} is newer than this evals supports (${BASELINE_FORMAT_VERSION}); upgrade evals`)]))
  }
  const parsed = BaselineSchema.safeParse(data)
  if (!parsed.success) {
    throw invalid(locatedIssues(displayName, text, (at) => parsed.error.issues.map((i) =>
      at(i.path.filter((p): p is string | number => typeof p !== 'symbol'), i.message))))
  }
  const b = parsed.data
  return { formatVersion: b.formatVersion, name: b.name, run: b.run, suites: b.suites, samples: b.samples.map(lineToSample) }
}

type At = (path: Array<string | number>, message: string) => Issue

/** Where JSON.parse failed: its `at position N`, else the snippet it quotes, else YAML's view of the text. */
function jsonSyntaxIssues(file: string, text: string, message: string): Issue[] {
  const firstLine = message.replace(/\s+/g, ' ')
  let offset = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN)
  if (Number.isNaN(offset)) {
    const snippet = /^Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message)
    const at = snippet ? text.indexOf(snippet[2]!) : -1
    if (snippet && at >= 0) offset = at + snippet[2]!.indexOf(snippet[1]!)
  }
  if (Number.isNaN(offset)) {
    return locatedIssues(file, text, () => [{ file, path: '', message: `JSON syntax: ${firstLine}` }])
  }
  const before = text.slice(0, offset).split('\n')
  return [{ file, line: before.length, col: before[before.length - 1]!.length + 1, path: '', message: `JSON syntax: ${firstLine}` }]
}

/** Locate issues in the file's text (JSON is YAML, which keeps positions); syntax errors come first. */
function locatedIssues(file: string, text: string, issues: (at: At) => Issue[]): Issue[] {
  const { source, issues: syntax } = parseYamlSource(file, text)
  if (syntax.length) return syntax.map((i) => ({ ...i, message: i.message.replace(/^YAML syntax/, 'JSON syntax') }))
  return issues((path, message) => issueAt(source, path, message))
}

function invalid(issues: Issue[]): ConfigError {
  return new ConfigError(issues, 'BASELINE_INVALID')
}

export type { Baseline, BaselineSuite } from './baseline-format.js'
