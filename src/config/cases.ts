import { hashOf, type Issue } from '../core/index.js'
import type { ResolvedAssertion } from './assertions.js'
import type { DatasetRow } from './load-dataset.js'
import { resolveAssertions, type AssertContext } from './resolve-assert.js'
import { CaseSchema, type CaseSpec } from './schema.js'
import type { ResolvedCase } from './types.js'
import { validateValue, type Locator } from './validate.js'

/**
 * Cases: inline cases and dataset rows become drafts (validated specs that remember where
 * they came from), then resolved cases with stable ids, suite assertions prepended and
 * thresholds filled in.
 */

export interface CaseDraft {
  spec: CaseSpec
  /** Locates a key path relative to the case. */
  at: Locator
  source: { file: string; line?: number }
  /** Directory that relative paths inside the case (schema files) resolve against. */
  baseDir: string
}

/**
 * A dataset row: with a `vars` key it is a full case; otherwise its keys (except `id` and
 * `description`) are the vars.
 */
export function draftFromRow(r: DatasetRow, baseDir: string, issues: Issue[]): CaseDraft | undefined {
  const plain = plainCase(r.row)
  if (plain) return { spec: plain, at: r.at, source: r.source, baseDir }
  const input = 'vars' in r.row ? r.row : flatCase(r.row)
  const result = validateValue(input, CaseSchema, r.at)
  issues.push(...result.issues)
  return result.value ? { spec: result.value, at: r.at, source: r.source, baseDir } : undefined
}

const PLAIN_KEYS = new Set(['id', 'description', 'vars'])

/**
 * The common row (vars, an optional id and description, all plainly valid) parsed as
 * `CaseSchema` would parse it, without zod: same keys in the same order. Anything else
 * (assertions, thresholds, odd keys or values) gives undefined, and zod decides and words
 * the issues.
 */
function plainCase(row: Record<string, unknown>): CaseSpec | undefined {
  let vars: Record<string, unknown>
  if ('vars' in row) {
    for (const key in row) if (!PLAIN_KEYS.has(key)) return undefined
    if (!isPlainVars(row.vars)) return undefined
    vars = { ...row.vars }
    if (Object.hasOwn(vars, '__proto__') || Object.hasOwn(vars, 'constructor')) return undefined
  } else {
    if (Object.getPrototypeOf(row) !== Object.prototype) return undefined
    if (Object.hasOwn(row, '__proto__') || Object.hasOwn(row, 'constructor')) return undefined
    vars = {}
    for (const key in row) if (key !== 'id' && key !== 'description') vars[key] = row[key]
  }
  const { id, description } = row
  const spec = {} as CaseSpec
  if (id !== undefined) {
    if (typeof id === 'string' ? id === '' : !Number.isSafeInteger(id)) return undefined
    spec.id = String(id)
  }
  if (description !== undefined) {
    if (typeof description !== 'string') return undefined
    spec.description = description
  }
  spec.vars = vars
  return spec
}

function isPlainVars(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
}

function flatCase(row: Record<string, unknown>): Record<string, unknown> {
  const { id, description, ...vars } = row
  const out: Record<string, unknown> = { vars }
  if (id !== undefined) out.id = id
  if (description !== undefined) out.description = description
  return out
}

/** The content hash that names a case without an explicit id. */
export function caseHash(spec: Pick<CaseSpec, 'vars' | 'assert'>): string {
  return hashOf({ vars: spec.vars, assert: spec.assert }, 12)
}

export interface CaseResolution {
  suiteAssert: ResolvedAssertion[]
  suiteThreshold: number
  assertCtx: AssertContext
}

export interface CaseWithDraft {
  resolved: ResolvedCase
  draft: CaseDraft
  /** The case's own assertions (after the suite-level ones in `resolved.assert`). */
  own: ResolvedAssertion[]
}

/**
 * Resolves drafts one at a time, in order (so that a dataset row need not outlive its case);
 * a duplicate of an earlier case is reported and gives undefined.
 */
export function caseResolver(res: CaseResolution): (draft: CaseDraft) => CaseWithDraft | undefined {
  const firstSource = new Map<string, CaseDraft['source']>()
  return (draft) => {
    const { spec } = draft
    const id = spec.id ?? caseHash(spec)
    const first = firstSource.get(id)
    if (first) {
      res.assertCtx.issues.push(duplicateIssue(draft, id, first))
      return undefined
    }
    firstSource.set(id, draft.source)
    const own = resolveAssertions(spec.assert ?? [], draft.at, ['assert'], draft.baseDir, res.assertCtx)
    const resolved: ResolvedCase = {
      id,
      vars: spec.vars,
      assert: res.suiteAssert.concat(own),
      threshold: spec.threshold ?? res.suiteThreshold,
      source: draft.source,
    }
    if (spec.description !== undefined) resolved.description = spec.description
    return { resolved, draft, own }
  }
}

function duplicateIssue(draft: CaseDraft, id: string, first: CaseDraft['source']): Issue {
  const where = `${first.file}${first.line ? `:${first.line}` : ''}`
  if (draft.spec.id !== undefined) {
    return draft.at(['id'], `duplicate case id "${id}" (first used at ${where}); expected unique ids`)
  }
  return draft.at([], `case has the same vars and assertions as the case at ${where} (content id "${id}"); remove it or give one an explicit id`)
}
