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
  const input = 'vars' in r.row ? r.row : flatCase(r.row)
  const result = validateValue(input, CaseSchema, r.at)
  issues.push(...result.issues)
  return result.value ? { spec: result.value, at: r.at, source: r.source, baseDir } : undefined
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

/** Resolve drafts in order; duplicates are reported and dropped. */
export function resolveCases(drafts: readonly CaseDraft[], res: CaseResolution): CaseWithDraft[] {
  const byId = new Map<string, CaseDraft>()
  const out: CaseWithDraft[] = []
  for (const draft of drafts) {
    const { spec } = draft
    const id = spec.id ?? caseHash(spec)
    const first = byId.get(id)
    if (first) {
      res.assertCtx.issues.push(duplicateIssue(draft, id, first))
      continue
    }
    byId.set(id, draft)
    const own = resolveAssertions(spec.assert ?? [], draft.at, ['assert'], draft.baseDir, res.assertCtx)
    const resolved: ResolvedCase = {
      id,
      vars: spec.vars,
      assert: [...res.suiteAssert, ...own],
      threshold: spec.threshold ?? res.suiteThreshold,
      source: draft.source,
    }
    if (spec.description !== undefined) resolved.description = spec.description
    out.push({ resolved, draft, own })
  }
  return out
}

function duplicateIssue(draft: CaseDraft, id: string, first: CaseDraft): Issue {
  const where = `${first.source.file}${first.source.line ? `:${first.source.line}` : ''}`
  if (draft.spec.id !== undefined) {
    return draft.at(['id'], `duplicate case id "${id}" (first used at ${where}); expected unique ids`)
  }
  return draft.at([], `case has the same vars and assertions as the case at ${where} (content id "${id}"); remove it or give one an explicit id`)
}
