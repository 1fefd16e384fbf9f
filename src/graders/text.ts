import type { AssertionOf, GraderFn } from './types.js'
import { preview } from './format.js'

/** Text assertions: equals, contains, icontains, starts-with, regex. */

/** The trimmed output equals the rendered value exactly (case-sensitive). */
export const equals: GraderFn<AssertionOf<'equals'>> = (assertion, ctx) => {
  const expected = ctx.render(assertion.value)
  const found = ctx.output.trim()
  return { pass: found === expected, expected: `equals ${preview(expected)}`, found: preview(found) }
}

export const contains: GraderFn<AssertionOf<'contains'>> = (assertion, ctx) => {
  const expected = ctx.render(assertion.value)
  return { pass: ctx.output.includes(expected), expected: `contains ${preview(expected)}`, found: preview(ctx.output) }
}

/**
 * Case-insensitive: both sides NFC-normalised, upper- then lower-cased with the root
 * locale, so `Straße` contains `STRASSE` and `ÉCOLE` contains `école` on every machine.
 */
export function foldCase(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('und').toLocaleLowerCase('und')
}

export const icontains: GraderFn<AssertionOf<'icontains'>> = (assertion, ctx) => {
  const expected = ctx.render(assertion.value)
  return {
    pass: foldCase(ctx.output).includes(foldCase(expected)),
    expected: `contains ${preview(expected)} (ignoring case)`,
    found: preview(ctx.output),
  }
}

/** The output, leading whitespace ignored, starts with the rendered value. */
export const startsWith: GraderFn<AssertionOf<'starts-with'>> = (assertion, ctx) => {
  const expected = ctx.render(assertion.value)
  const found = ctx.output.trimStart()
  return { pass: found.startsWith(expected), expected: `starts with ${preview(expected)}`, found: preview(found) }
}

/** The rendered pattern, compiled with `flags`, matches somewhere in the output. */
export const regex: GraderFn<AssertionOf<'regex'>> = (assertion, ctx) => {
  const pattern = ctx.render(assertion.value)
  const re = new RegExp(pattern, assertion.flags)
  const match = re.exec(ctx.output)
  return {
    pass: match !== null,
    expected: `matches /${pattern}/${assertion.flags ?? ''}`,
    found: match ? `match ${preview(match[0], 60)} at index ${match.index}` : preview(ctx.output),
  }
}
