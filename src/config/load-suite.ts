import path from 'node:path'
import { locate, parseYamlSource, type Issue, type PathSegment, type YamlSource } from '../core/index.js'
import type { ResolvedAssertion } from './assertions.js'
import { caseResolver, draftFromRow, type CaseDraft } from './cases.js'
import { readText, resolveInside, unwrapEnvelope, type FileRef } from './files.js'
import { loadDataset } from './load-dataset.js'
import { duplicateToolIssues, resolveProtocol } from './protocol.js'
import { loadSchemaFile, resolveAssertions, type AssertContext } from './resolve-assert.js'
import { runRules, SUITE_RULES } from './rules.js'
import { SuiteFileSchema, type SuiteSpec } from './schema.js'
import { suiteHash } from './suite-hash.js'
import { templateCheck } from './template-check.js'
import type { TemplateRenderer } from './template.js'
import type { ProjectDefaults, ResolvedCase, ResolvedSuite } from './types.js'
import { isPlainObject, sourceLocator, splitValidKeys, topKey, validateSource, type Locator } from './validate.js'
import { assertionTemplateSites, promptSites, resolveVariants } from './variants.js'

/**
 * One suite file: parse, validate, cross-field rules, datasets, cases, variants and a
 * render of every template against every case. Returns the resolved suite only when the
 * file has no issues; otherwise every issue found.
 */

export interface SuiteLoadContext {
  root: string
  thinkingLevels: readonly string[]
  defaults: ProjectDefaults
  renderer: TemplateRenderer
  /** Shared by the whole load (ajv instances, schema file cache). */
  files: Omit<AssertContext, 'issues'>
}

interface SuiteParts {
  file: FileRef
  source: YamlSource
  spec: SuiteSpec
  /** Top-level keys that failed the schema check (left out of `spec`). */
  broken: ReadonlySet<string>
  at: Locator
  baseDir: string
  ctx: AssertContext
}

export interface SuiteLoadResult {
  suite?: ResolvedSuite
  issues: Issue[]
  /** The suite's name and how to locate an issue about it, whenever the file validated. */
  name?: { value: string; issue: (message: string) => Issue }
}

export function loadSuite(file: FileRef, ctx: SuiteLoadContext): SuiteLoadResult {
  const read = readText(file)
  if (read.issue) return { issues: [read.issue] }
  if (read.text === undefined) return { issues: [{ file: file.rel, path: '', message: read.error ?? 'unreadable' }] }
  const parsed = parseYamlSource(file.rel, read.text)
  if (parsed.issues.length) return { issues: parsed.issues }
  const validated = validateSource(parsed.source, SuiteFileSchema)
  const healthy = validated.value ? { spec: validated.value, broken: new Set<string>() } : healthyPart(parsed.source)
  if (!healthy) return { issues: validated.issues }

  const issues: Issue[] = []
  const parts: SuiteParts = {
    file, source: parsed.source, spec: healthy.spec, broken: healthy.broken, at: sourceLocator(parsed.source),
    baseDir: path.dirname(file.abs), ctx: { ...ctx.files, issues },
  }
  runRules(SUITE_RULES, { suite: parts.spec, at: parts.at, thinkingLevels: ctx.thinkingLevels, defaults: ctx.defaults, issues })
  const suite = resolveSuite(parts, ctx)
  const all = [...validated.issues, ...issues.filter((i) => i.file !== file.rel || !blocked(topKey(i.path), healthy.broken))]
  const name = healthy.broken.has('name') ? undefined : { value: parts.spec.name, issue: (m: string) => parts.at(['name'], m) }
  return all.length ? { issues: all, name } : { suite, issues: all, name }
}

/**
 * When the schema check fails, the keys that are valid on their own still get the
 * cross-field, dataset and template checks; issues that could stem from a broken key
 * (or a key it depends on) are dropped, since the schema issue already covers them.
 */
function healthyPart(source: YamlSource): { spec: SuiteSpec; broken: Set<string> } | undefined {
  const data: unknown = source.doc.toJS()
  if (!isPlainObject(data)) return undefined
  const { valid, broken } = splitValidKeys(data, SuiteFileSchema.shape)
  const parsed = SuiteFileSchema.partial().safeParse(valid)
  if (!parsed.success) return undefined
  return { spec: { ...parsed.data, name: parsed.data.name ?? '' }, broken }
}

const DEPENDS_ON: Record<string, readonly string[]> = {
  pass: ['seeds', 'numberResults'],
  jsonSchema: ['outputFormat'],
  toolChoice: ['tools'],
  prompt: ['variants'],
  variants: ['prompt'],
}

function blocked(key: string, broken: ReadonlySet<string>): boolean {
  return broken.has(key) || (DEPENDS_ON[key] ?? []).some((d) => broken.has(d))
}

function resolveSuite(p: SuiteParts, ctx: SuiteLoadContext): ResolvedSuite {
  const { spec, at } = p
  const jsonSchema = resolveJsonSchema(p)
  const protocol = resolveProtocol(spec, { at, baseDir: p.baseDir, ctx: p.ctx })
  p.ctx.issues.push(...duplicateToolIssues(spec, at))
  const variants = resolveVariants(spec, ctx.defaults)
  const suiteAssert = resolveAssertions(spec.assert ?? [], at, ['assert'], p.baseDir, p.ctx)
  const cases = resolveCaseList(p, suiteAssert, ctx.renderer)

  const body: Omit<ResolvedSuite, 'hash' | 'file'> = {
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    outputFormat: spec.outputFormat ?? 'TEXT',
    ...(jsonSchema ? { jsonSchema } : {}),
    ...protocol,
    seeds: spec.seeds ?? [...ctx.defaults.seeds],
    numberResults: spec.numberResults ?? ctx.defaults.numberResults,
    variants,
    cases,
    pass: spec.pass ?? ctx.defaults.pass,
    ...(spec.minPassRate !== undefined ? { minPassRate: spec.minPassRate } : {}),
  }
  return { ...body, file: p.file.rel, hash: suiteHash(body) }
}

/**
 * Dataset rows, then inline cases, each resolved and template-checked as it comes (so that
 * no row or draft outlives its case). Issues keep the order of the phases: dataset rows,
 * then case resolution (duplicates, assertions), then "no cases", then templates.
 */
function resolveCaseList(p: SuiteParts, suiteAssert: ResolvedAssertion[], renderer: TemplateRenderer): ResolvedCase[] {
  const { spec, at } = p
  const caseIssues: Issue[] = []
  const resolve = caseResolver({ suiteAssert, suiteThreshold: spec.threshold ?? 1, assertCtx: { ...p.ctx, issues: caseIssues } })
  const templates = templateCheck([...promptSites(spec, at), ...assertionTemplateSites(suiteAssert, ['assert'], at)], renderer)
  const cases: ResolvedCase[] = []
  let drafted = 0
  const take = (draft: CaseDraft): void => {
    drafted++
    const c = resolve(draft)
    if (!c) return
    templates.check(c.resolved, c.own.length ? assertionTemplateSites(c.own, ['assert'], draft.at, `case ${c.resolved.id}`) : [])
    cases.push(c.resolved)
  }
  const datasetCount = p.ctx.issues.length
  datasetDrafts(p, take)
  const datasetFailed = p.ctx.issues.length > datasetCount
  inlineDrafts(p, take)
  p.ctx.issues.push(...caseIssues)
  if (drafted === 0 && !datasetFailed && !p.broken.has('cases') && !p.broken.has('dataset')) {
    p.ctx.issues.push(at(spec.dataset === undefined ? ['cases'] : ['dataset'], 'the suite has no cases; expected inline `cases` or dataset rows'))
  }
  p.ctx.issues.push(...templates.issues())
  return cases
}

function resolveJsonSchema(p: SuiteParts): Record<string, unknown> | undefined {
  const value = p.spec.jsonSchema
  if (value === undefined) return undefined
  if (typeof value !== 'string') {
    const error = p.ctx.schemas.check(unwrapEnvelope(value))
    if (error) p.ctx.issues.push(p.at(['jsonSchema'], error))
    return value
  }
  const loaded = loadSchemaFile(value, p.baseDir, p.ctx)
  if (loaded.error) p.ctx.issues.push(p.at(['jsonSchema'], loaded.error))
  return loaded.raw
}

function datasetDrafts(p: SuiteParts, take: (draft: CaseDraft) => void): void {
  const { dataset } = p.spec
  if (dataset === undefined) return
  const entries: Array<[string, PathSegment[]]> = typeof dataset === 'string'
    ? [[dataset, ['dataset']]]
    : dataset.map((d, i) => [d, ['dataset', i]])
  for (const [rel, where] of entries) {
    const resolved = resolveInside(p.ctx.root, p.baseDir, rel)
    if (!resolved.ref) {
      p.ctx.issues.push(p.at(where, resolved.error ?? 'bad path'))
      continue
    }
    p.ctx.referenced.add(resolved.ref.abs)
    const baseDir = path.dirname(resolved.ref.abs)
    const loaded = loadDataset(resolved.ref, (row) => {
      const draft = draftFromRow(row, baseDir, p.ctx.issues)
      if (draft) take(draft)
    })
    if (loaded.error) p.ctx.issues.push(p.at(where, loaded.error))
    p.ctx.issues.push(...loaded.issues)
  }
}

function inlineDrafts(p: SuiteParts, take: (draft: CaseDraft) => void): void {
  for (const [i, spec] of (p.spec.cases ?? []).entries()) {
    take({
      spec,
      at: sourceLocator(p.source, ['cases', i]),
      source: { file: p.file.rel, line: locate(p.source, ['cases', i]).line },
      baseDir: p.baseDir,
    })
  }
}
