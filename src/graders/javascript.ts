import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileInlineCode, type InlineGrader } from '../config/index.js'
import { importFile } from '../core/index.js'
import { clip } from './format.js'
import type { AssertionOf, GradeContext, GraderFn, SampleFacts, Verdict } from './types.js'

/**
 * javascript: inline code (an expression or a body with `return`, over `output`, `vars` and
 * `sample`) or a function exported by a module file, called as `fn(output, { vars, sample })`.
 * It may be async and returns a boolean, a score 0..1 (passing at `threshold`, default 0.5)
 * or `{ pass?, score?, reason? }` (without `pass`, the score and threshold decide).
 */

type Assertion = AssertionOf<'javascript'>
type FileGrader = (output: string, context: { vars: Record<string, unknown>; sample: SampleFacts }) => unknown

export const DEFAULT_JS_THRESHOLD = 0.5

/** A javascript grader with its own caches; `root` is where assertion `file`s are relative to. */
export function createJavascriptGrader(root: string | undefined): GraderFn<Assertion> {
  const inline = new Map<string, InlineGrader>()
  const modules = new Map<string, Promise<Record<string, unknown>>>()

  async function fileFunction(file: string, name: string | undefined): Promise<FileGrader> {
    if (root === undefined) throw new Error(`cannot load ${file}: the grader was not given the project root`)
    const abs = path.resolve(root, file)
    let loading = modules.get(abs)
    if (!loading) {
      loading = importFile(pathToFileURL(abs).href)
      modules.set(abs, loading)
    }
    const mod = await loading
    const fn = mod[name ?? 'default']
    if (typeof fn !== 'function') throw new Error(`${file} exports no function ${name ? `"${name}"` : 'as default'}`)
    return fn as FileGrader
  }

  return async (assertion, ctx) => {
    const sample = factsOf(ctx)
    let returned: unknown
    if (assertion.value !== undefined) {
      let fn = inline.get(assertion.value)
      if (!fn) inline.set(assertion.value, (fn = compileInlineCode(assertion.value)))
      returned = await fn(ctx.output, ctx.vars, sample)
    } else {
      const fn = await fileFunction(assertion.file!, assertion.function)
      returned = await fn(ctx.output, { vars: ctx.vars, sample })
    }
    return interpret(returned, assertion.threshold ?? DEFAULT_JS_THRESHOLD, label(assertion))
  }
}

function label(assertion: Assertion): string {
  if (assertion.value !== undefined) return `javascript ${clip(assertion.value, 60)}`
  return `javascript ${assertion.file}${assertion.function ? `#${assertion.function}` : ''}`
}

function factsOf(ctx: GradeContext): SampleFacts {
  const { finishReason, usage, costUsd, savedCostUsd, latencyMs, cached, toolCalls } = ctx
  return { finishReason, usage, costUsd, savedCostUsd, latencyMs, cached, toolCalls }
}

/** The verdict of what the code returned. */
export function interpret(returned: unknown, threshold: number, what: string): Verdict {
  if (typeof returned === 'boolean') return { pass: returned, expected: `${what} is true`, found: String(returned) }
  if (typeof returned === 'number') {
    const score = checkScore(returned)
    return { pass: score >= threshold, score, expected: `${what} scores ≥ ${threshold}`, found: `score ${score}` }
  }
  if (returned && typeof returned === 'object' && !Array.isArray(returned)) {
    const r = returned as { pass?: unknown; score?: unknown; reason?: unknown }
    if (r.pass !== undefined && typeof r.pass !== 'boolean') throw new Error(`${what} returned pass ${JSON.stringify(r.pass)}; expected a boolean`)
    const score = r.score === undefined ? undefined : checkScore(r.score)
    if (r.pass === undefined && score === undefined) throw new Error(`${what} returned an object without pass or score`)
    const pass = typeof r.pass === 'boolean' ? r.pass : score! >= threshold
    const note = typeof r.reason === 'string' && r.reason ? clip(r.reason) : undefined
    const found = score === undefined ? String(pass) : `score ${score}`
    const expected = typeof r.pass === 'boolean' ? `${what} passes` : `${what} scores ≥ ${threshold}`
    return { pass, ...(score !== undefined ? { score } : {}), expected, found, ...(note ? { note } : {}) }
  }
  throw new Error(`${what} returned ${describe(returned)}; expected a boolean, a score 0..1 or {pass, score, reason}`)
}

function checkScore(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`expected a score between 0 and 1, found ${describe(value)}`)
  }
  return value
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  return clip(JSON.stringify(value) ?? String(value), 40)
}
