import { didYouMean, type Issue, type PathSegment } from '../core/index.js'
import type { ProjectDefaults } from './types.js'
import type { ProjectSpec, SettingsSpec, SuiteSpec } from './schema.js'
import type { Locator } from './validate.js'

/**
 * Cross-field rules: checks zod cannot express on one field. Each rule is a small named
 * function that reads a validated spec and pushes located issues; all rules always run.
 */

export interface SuiteRuleContext {
  suite: SuiteSpec
  at: Locator
  thinkingLevels: readonly string[]
  defaults: ProjectDefaults
  issues: Issue[]
}

export interface ProjectRuleContext {
  spec: ProjectSpec
  at: Locator
  issues: Issue[]
}

type Rule<C> = (ctx: C) => void

export const SUITE_RULES: ReadonlyArray<Rule<SuiteRuleContext>> = [
  suiteThinkingLevelsKnown,
  variantNamesUnique,
  suiteSeedsUnique,
  promptPresent,
  jsonSchemaNeedsJsonOutput,
  suiteAtLeastReachable,
]

export const PROJECT_RULES: ReadonlyArray<Rule<ProjectRuleContext>> = [
  thinkingLevelsUnique,
  defaultThinkingLevelKnown,
  defaultSeedsUnique,
  defaultAtLeastReachable,
  judgeThinkingLevelKnown,
]

export function runRules<C>(rules: ReadonlyArray<Rule<C>>, ctx: C): void {
  for (const rule of rules) rule(ctx)
}

// ---- shared checks ----

function checkThinkingLevel(settings: SettingsSpec | undefined, path: PathSegment[], levels: readonly string[], at: Locator): Issue | undefined {
  const level = settings?.thinkingLevel
  if (level === undefined || levels.includes(level)) return undefined
  const hint = didYouMean(level, levels)
  return at([...path, 'thinkingLevel'],
    `unknown thinkingLevel "${level}"; expected one of ${levels.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`)
}

function checkUnique(values: readonly unknown[], path: PathSegment[], what: string, at: Locator, issues: Issue[]): void {
  const seen = new Map<string, number>()
  for (const [i, v] of values.entries()) {
    const key = String(v)
    const first = seen.get(key)
    if (first !== undefined) issues.push(at([...path, i], `duplicate ${what} "${key}" (already at index ${first}); expected unique values`))
    else seen.set(key, i)
  }
}

function checkAtLeast(pass: SuiteSpec['pass'], seeds: number, numberResults: number, path: PathSegment[], at: Locator): Issue | undefined {
  if (pass?.rule !== 'atLeast' || pass.n <= seeds * numberResults) return undefined
  return at([...path, 'n'],
    `pass rule atLeast n=${pass.n} can never be met: each case has ${seeds} seed(s) x ${numberResults} result(s) = ${seeds * numberResults} sample(s) per variant`)
}

// ---- suite rules ----

function suiteThinkingLevelsKnown(ctx: SuiteRuleContext): void {
  const found = [
    checkThinkingLevel(ctx.suite.settings, ['settings'], ctx.thinkingLevels, ctx.at),
    ...(ctx.suite.variants ?? []).map((v, i) => checkThinkingLevel(v.settings, ['variants', i, 'settings'], ctx.thinkingLevels, ctx.at)),
  ]
  for (const issue of found) if (issue) ctx.issues.push(issue)
}

function variantNamesUnique(ctx: SuiteRuleContext): void {
  const names = (ctx.suite.variants ?? []).map((v) => v.name)
  const seen = new Set<string>()
  for (const [i, n] of names.entries()) {
    if (seen.has(n)) ctx.issues.push(ctx.at(['variants', i, 'name'], `duplicate variant name "${n}"; expected unique names`))
    seen.add(n)
  }
}

function suiteSeedsUnique(ctx: SuiteRuleContext): void {
  checkUnique(ctx.suite.seeds ?? [], ['seeds'], 'seed', ctx.at, ctx.issues)
}

function promptPresent(ctx: SuiteRuleContext): void {
  if (ctx.suite.prompt !== undefined) return
  const variants = ctx.suite.variants ?? []
  if (variants.length === 0) {
    ctx.issues.push(ctx.at(['prompt'], 'missing required key; expected a prompt (a string or a list of {role, content} messages)'))
    return
  }
  for (const [i, v] of variants.entries()) {
    if (v.prompt === undefined) {
      ctx.issues.push(ctx.at(['variants', i], `variant "${v.name}" has no prompt and the suite has none; expected a prompt in one of them`))
    }
  }
}

function jsonSchemaNeedsJsonOutput(ctx: SuiteRuleContext): void {
  if (ctx.suite.jsonSchema !== undefined && ctx.suite.outputFormat !== 'JSON') {
    const found = ctx.suite.outputFormat ?? 'TEXT (the default)'
    ctx.issues.push(ctx.at(['jsonSchema'], `jsonSchema is only sent with outputFormat: JSON; found outputFormat ${found}`))
  }
}

function suiteAtLeastReachable(ctx: SuiteRuleContext): void {
  const seeds = (ctx.suite.seeds ?? ctx.defaults.seeds).length
  const n = ctx.suite.numberResults ?? ctx.defaults.numberResults
  const issue = checkAtLeast(ctx.suite.pass ?? ctx.defaults.pass, seeds, n, ['pass'], ctx.at)
  if (issue) ctx.issues.push(issue)
}

// ---- project rules ----

function thinkingLevelsUnique(ctx: ProjectRuleContext): void {
  checkUnique(ctx.spec.thinkingLevels, ['thinkingLevels'], 'thinking level', ctx.at, ctx.issues)
}

function defaultThinkingLevelKnown(ctx: ProjectRuleContext): void {
  const issue = checkThinkingLevel(ctx.spec.defaults.settings, ['defaults', 'settings'], ctx.spec.thinkingLevels, ctx.at)
  if (issue) ctx.issues.push(issue)
}

function defaultSeedsUnique(ctx: ProjectRuleContext): void {
  checkUnique(ctx.spec.defaults.seeds, ['defaults', 'seeds'], 'seed', ctx.at, ctx.issues)
}

function defaultAtLeastReachable(ctx: ProjectRuleContext): void {
  const d = ctx.spec.defaults
  const issue = checkAtLeast(d.pass, d.seeds.length, d.numberResults, ['defaults', 'pass'], ctx.at)
  if (issue) ctx.issues.push(issue)
}

function judgeThinkingLevelKnown(ctx: ProjectRuleContext): void {
  const issue = checkThinkingLevel(ctx.spec.judge.settings, ['judge', 'settings'], ctx.spec.thinkingLevels, ctx.at)
  if (issue) ctx.issues.push(issue)
}
