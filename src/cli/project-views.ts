import type { PassRule } from '../core/index.js'
import type { Project } from '../config/index.js'
import type { SuiteOrder } from '../compare/index.js'

/** Pass rules by suite name. */
export function passRulesOf(project: Pick<Project, 'suites'>): Map<string, PassRule> {
  return new Map(project.suites.map((s) => [s.name, s.pass]))
}

/** Suites and variants in definition order, for display. */
export function suiteOrderOf(project: Pick<Project, 'suites'>): SuiteOrder[] {
  return project.suites.map((s) => ({ name: s.name, variants: s.variants.map((v) => v.name) }))
}

