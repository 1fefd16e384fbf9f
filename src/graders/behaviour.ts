import type { Usage } from '../core/index.js'
import type { AssertionOf, GraderFn } from './types.js'

/**
 * Behaviour assertions over what the provider reported for the sample rather than its text:
 * finish-reason, cost (USD), latency (ms) and token limits. A fact the provider did not
 * report fails the assertion and says so. A cached sample never passes a latency assertion:
 * its grade is recorded as failing but not counted (weight 0), since nothing was measured.
 */

export const finishReason: GraderFn<AssertionOf<'finish-reason'>> = (assertion, ctx) => {
  const accepted = typeof assertion.value === 'string' ? [assertion.value] : assertion.value
  const expected = `finishReason ${accepted.length === 1 ? accepted[0] : `one of ${accepted.join(', ')}`}`
  if (ctx.finishReason === undefined) return { pass: false, expected, found: 'no finishReason reported' }
  return { pass: accepted.includes(ctx.finishReason), expected, found: ctx.finishReason }
}

/** The sample's own cost; for a cached sample, what the original response cost. */
export const cost: GraderFn<AssertionOf<'cost'>> = (assertion, ctx) => {
  const expected = `cost ≤ ${usd(assertion.threshold)}`
  const found = ctx.cached ? ctx.savedCostUsd : ctx.costUsd
  if (found === undefined) return { pass: false, expected, found: 'no cost reported by the provider' }
  return { pass: found <= assertion.threshold, expected, found: `${usd(found)}${ctx.cached ? ' (cached; original cost)' : ''}` }
}

export const latency: GraderFn<AssertionOf<'latency'>> = (assertion, ctx) => {
  const expected = `latency ≤ ${assertion.threshold} ms`
  if (ctx.cached) return { pass: false, expected, found: 'a cached sample (no live latency was measured; run with --no-cache)', uncounted: true }
  if (ctx.latencyMs === undefined) return { pass: false, expected, found: 'no latency measured' }
  return { pass: ctx.latencyMs <= assertion.threshold, expected, found: `${round(ctx.latencyMs)} ms` }
}

export const tokens: GraderFn<AssertionOf<'tokens'>> = (assertion, ctx) => {
  const limits = [
    { name: 'completion', max: assertion.maxCompletion, read: (u: Usage) => u.completionTokens },
    { name: 'thinking', max: assertion.maxThinking, read: (u: Usage) => u.thinkingTokens },
  ].flatMap((l) => (l.max === undefined ? [] : [{ ...l, max: l.max }]))
  const expected = limits.map((l) => `${l.name} tokens ≤ ${l.max}`).join(' and ')
  const usage = ctx.usage
  if (!usage) return { pass: false, expected, found: 'no token usage reported' }
  return {
    pass: limits.every((l) => l.read(usage) <= l.max),
    expected,
    found: limits.map((l) => `${l.read(usage)} ${l.name}`).join(', '),
  }
}

function usd(value: number): string {
  return `$${Number(value.toPrecision(4))}`
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}
