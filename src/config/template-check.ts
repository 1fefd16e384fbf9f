import { formatPath, type Issue, type PathSegment } from '../core/index.js'
import { hasTemplateValue, RUBRIC_OUTPUT_VAR, type ResolvedAssertion } from './assertions.js'
import { regexError } from './resolve-assert.js'
import { isTemplate, TemplateError, type TemplateRenderer } from './template.js'
import type { ResolvedCase } from './types.js'

/**
 * Render every template against every case at load time (prompts of every variant,
 * assertion values), so a var that some case lacks is a config error with the case named,
 * not a per-sample failure in the middle of a run. Problems are grouped per template and
 * cause, listing the cases concerned.
 */

/** One template in a file: its text and how to locate an issue about it. */
export interface TemplateSite {
  /** Unique per location, for grouping. */
  key: string
  template: string
  issue: (message: string) => Issue
  /** Set for regex assertions: the rendered text must compile with these flags. */
  regexFlags?: string
  /** Vars the template gets besides the case vars (a rubric's `output`), with placeholder values. */
  extraVars?: Record<string, unknown>
}

interface Problem { site: TemplateSite; kind: string; detail: string; caseIds: string[]; vars: string[] }

const MAX_LISTED = 5

export interface TemplateCheck {
  /** Render the shared sites and the case's own sites against the case. */
  check(resolved: ResolvedCase, ownSites: readonly TemplateSite[]): void
  /** One issue per template and cause, with the cases concerned. */
  issues(): Issue[]
}

/** Checks cases one at a time, in order (so that cases can be checked as they are resolved). */
export function templateCheck(sharedSites: readonly TemplateSite[], renderer: TemplateRenderer): TemplateCheck {
  const problems = new Map<string, Problem>()
  return {
    check(resolved, ownSites) {
      for (const site of sharedSites) checkSite(site, resolved, renderer, problems)
      for (const site of ownSites) checkSite(site, resolved, renderer, problems)
    },
    issues: () => [...problems.values()].map((p) => p.site.issue(describeProblem(p))),
  }
}

function checkSite(site: TemplateSite, resolved: ResolvedCase, renderer: TemplateRenderer, problems: Map<string, Problem>): void {
  const found = renderProblem(site, resolved.vars, renderer)
  if (!found) return
  const key = `${site.key}\u0000${found.kind}\u0000${found.detail}`
  const problem = problems.get(key) ?? { site, ...found, caseIds: [], vars: Object.keys(resolved.vars) }
  problem.caseIds.push(resolved.id)
  problems.set(key, problem)
}

function renderProblem(site: TemplateSite, vars: Record<string, unknown>, renderer: TemplateRenderer): { kind: string; detail: string } | undefined {
  let text: string
  try {
    text = renderer.render(site.template, site.extraVars ? { ...vars, ...site.extraVars } : vars)
  } catch (err) {
    if (err instanceof TemplateError && err.code === 'TEMPLATE_MISSING_VAR') return { kind: 'missing', detail: err.variable ?? '?' }
    if (err instanceof TemplateError && err.code === 'TEMPLATE_SYNTAX') return { kind: 'syntax', detail: err.message }
    return { kind: 'error', detail: err instanceof Error ? err.message : String(err) }
  }
  if (site.regexFlags === undefined) return undefined
  const error = regexError(text, site.regexFlags || undefined)
  return error ? { kind: 'regex', detail: error } : undefined
}

function describeProblem(p: Problem): string {
  const listed = p.caseIds.slice(0, MAX_LISTED).map((id) => `"${id}"`).join(', ')
  const more = p.caseIds.length > MAX_LISTED ? ` and ${p.caseIds.length - MAX_LISTED} more` : ''
  const cases = `case${p.caseIds.length > 1 ? 's' : ''} ${listed}${more}`
  if (p.kind === 'missing') {
    const first = `"${p.caseIds[0]}"`
    const defined = p.vars.length ? `${first} defines: ${p.vars.join(', ')}` : `${first} defines no vars`
    return `template uses var "${p.detail}", which ${cases} ${p.caseIds.length > 1 ? 'do' : 'does'} not define (${defined})`
  }
  if (p.kind === 'syntax') return p.detail
  if (p.kind === 'regex') return `rendered for ${cases}: ${p.detail}`
  return `template fails for ${cases}: ${p.detail}`
}

/**
 * Template sites of a list of assertions: string values (except javascript code, and with
 * `output` available to rubrics) and the string leaves of tool-call `arguments`.
 * `issueAt` locates an issue at `sub` inside assertion `index` (default: its `value`).
 */
export function assertionSites(
  assertions: readonly ResolvedAssertion[],
  keyPrefix: string,
  issueAt: (index: number, message: string, sub?: PathSegment[]) => Issue,
): TemplateSite[] {
  const sites: TemplateSite[] = []
  for (const [i, a] of assertions.entries()) {
    if (a.type === 'tool-call') {
      sites.push(...argumentSites(a.arguments ?? {}, ['arguments'], `${keyPrefix}[${i}]`, (m, sub) => issueAt(i, m, sub)))
      continue
    }
    if (!('value' in a) || typeof a.value !== 'string' || !isTemplate(a.value) || !hasTemplateValue(a.type)) continue
    const regex = a.type === 'regex' || a.type === 'not-regex'
    const flags = 'flags' in a ? a.flags : undefined
    sites.push({
      key: `${keyPrefix}[${i}]`,
      template: a.value,
      issue: (m) => issueAt(i, m),
      ...(regex ? { regexFlags: flags ?? '' } : {}),
      ...(a.type === 'llm-rubric' ? { extraVars: { [RUBRIC_OUTPUT_VAR]: '' } } : {}),
    })
  }
  return sites
}

function argumentSites(
  value: unknown,
  path: PathSegment[],
  keyPrefix: string,
  issue: (message: string, sub: PathSegment[]) => Issue,
): TemplateSite[] {
  if (typeof value === 'string') {
    return isTemplate(value) ? [{ key: `${keyPrefix}.${formatPath(path)}`, template: value, issue: (m) => issue(m, path) }] : []
  }
  if (Array.isArray(value)) return value.flatMap((v, j) => argumentSites(v, [...path, j], keyPrefix, issue))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => argumentSites(v, [...path, k], keyPrefix, issue))
  }
  return []
}
