/**
 * The report's templating: `html` is a tagged template that escapes every interpolated value
 * unless it is markup that `html` itself made (an `Html`), so untrusted text can never become
 * markup. Arrays are joined (each item escaped the same way). Escaping matches Handlebars'
 * (`& < > " ' \` =`), which the page used before, so pages are byte-for-byte the same.
 */
export class Html {
  constructor(readonly text: string) {}
}

export type Value = string | number | boolean | null | undefined | Html | readonly Value[]

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!
  return new Html(out)
}

/** `when ? then : ''` as markup (Handlebars' `{{#if}}`: an empty string or array is false, 0 too). */
export function when(test: unknown, then: () => Html, otherwise?: () => Html): Html | '' {
  const truthy = Array.isArray(test) ? test.length > 0 : Boolean(test)
  return truthy ? then() : otherwise ? otherwise() : ''
}

function part(value: Value): string {
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) {
    let out = ''
    for (const v of value as readonly Value[]) out += part(v)
    return out
  }
  return escapeHtml(value as string | number | boolean | null | undefined)
}

const SPECIAL = /[&<>"'`=]/
const SPECIALS = /[&<>"'`=]/g
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;',
}

export function escapeHtml(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'string' ? value : String(value)
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]!) : text
}
