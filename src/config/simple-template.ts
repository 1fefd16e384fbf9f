/**
 * A fast path for the common template: literal text and plain `{{name}}` mustaches only.
 * Rendering it over vars whose values are own strings, numbers or booleans gives exactly what
 * handlebars (strict, noEscape) gives, without its per-call setup; anything else (a missing
 * var, null, an object, a helper, a block, a path) is left to handlebars, which then renders
 * or fails as always.
 */

/** Literal text around the var names: `texts.length === names.length + 1`. */
export interface SimpleTemplate {
  texts: string[]
  names: string[]
}

interface AstNode {
  type: string
  value?: string
  path?: { type: string; original?: string; parts?: string[]; depth?: number; data?: boolean }
  params?: unknown[]
  hash?: unknown
}

/**
 * The simple form of a template, or undefined when it uses anything beyond plain vars.
 * `parse` is the handlebars environment's (whitespace control applied, as compile does);
 * `helpers` are its registered helpers, which a plain mustache would call instead.
 */
export function simpleTemplate(
  template: string,
  parse: (text: string) => { body: unknown[] },
  helpers: Record<string, unknown>,
): SimpleTemplate | undefined {
  let body: AstNode[]
  try {
    body = parse(template).body as AstNode[]
  } catch {
    return undefined
  }
  const texts = ['']
  const names: string[] = []
  for (const node of body) {
    if (node.type === 'ContentStatement' && typeof node.value === 'string') {
      texts[texts.length - 1] += node.value
      continue
    }
    const name = plainVar(node)
    if (name === undefined || Object.hasOwn(helpers, name)) return undefined
    names.push(name)
    texts.push('')
  }
  return { texts, names }
}

function plainVar(node: AstNode): string | undefined {
  if (node.type !== 'MustacheStatement' || node.params?.length || node.hash) return undefined
  const p = node.path
  if (!p || p.type !== 'PathExpression' || p.data || p.depth !== 0 || p.parts?.length !== 1) return undefined
  return p.original === p.parts[0] ? p.original : undefined
}

/**
 * The rendered text, or undefined when some var is not an own string, number or boolean, or
 * when the template starts with a var that is not a string (handlebars joins the parts with
 * `+`, so two leading numbers would add up).
 */
export function renderSimple(t: SimpleTemplate, vars: Record<string, unknown>): string | undefined {
  let out = t.texts[0]!
  for (let i = 0; i < t.names.length; i++) {
    const name = t.names[i]!
    if (!Object.hasOwn(vars, name)) return undefined
    const value = vars[name]
    if (typeof value === 'string') out += value
    else if ((typeof value === 'number' || typeof value === 'boolean') && (i > 0 || out !== '')) out += String(value)
    else return undefined
    out += t.texts[i + 1]!
  }
  return out
}
