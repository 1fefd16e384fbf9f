import Handlebars from 'handlebars'
import { HarnessError } from '../core/index.js'
import { renderSimple, simpleTemplate, type SimpleTemplate } from './simple-template.js'

/**
 * Prompt and assertion-value templates: handlebars with `strict` (a missing var is an error,
 * never an empty string) and `noEscape` (prompts are not HTML). Compiled templates are cached
 * in the renderer object, not in module state. Helper: `{{json value}}` renders JSON.
 * Templates made of plain `{{name}}` vars take a fast path with the same output.
 */

export type TemplateErrorCode = 'TEMPLATE_MISSING_VAR' | 'TEMPLATE_SYNTAX' | 'TEMPLATE_ERROR'

export class TemplateError extends HarnessError {
  /** The missing variable, for TEMPLATE_MISSING_VAR. */
  readonly variable?: string
  constructor(code: TemplateErrorCode, message: string, variable?: string, cause?: unknown) {
    super(code, message, { cause })
    this.variable = variable
  }
}

export interface TemplateRenderer {
  /** Render a template over vars; throws `TemplateError` (missing var, bad syntax). */
  render(template: string, vars: Record<string, unknown>): string
}

/** True when a string contains handlebars markup and therefore needs rendering. */
export function isTemplate(text: string): boolean {
  return text.includes('{{')
}

export function createTemplateRenderer(): TemplateRenderer {
  const hb = Handlebars.create()
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value))
  const cache = new Map<string, Compiled>()
  return {
    render(template, vars) {
      if (!isTemplate(template)) return template
      let compiled = cache.get(template)
      if (!compiled) {
        compiled = {
          full: hb.compile(template, { strict: true, noEscape: true }),
          simple: simpleTemplate(template, (t) => hb.parse(t), hb.helpers),
        }
        cache.set(template, compiled)
      }
      const fast = compiled.simple && renderSimple(compiled.simple, vars)
      if (fast !== undefined) return fast
      try {
        return compiled.full(vars)
      } catch (err) {
        throw toTemplateError(err, template, vars)
      }
    },
  }
}

/** A template compiled by handlebars, plus its fast form when it only uses plain vars. */
interface Compiled {
  full: HandlebarsTemplateDelegate
  simple?: SimpleTemplate
}

/** One-off rendering (no cache shared across calls); prefer a renderer in loops. */
export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return createTemplateRenderer().render(template, vars)
}

function toTemplateError(err: unknown, template: string, vars: Record<string, unknown>): TemplateError {
  const message = err instanceof Error ? err.message : String(err)
  const missing = /^"([^"]+)" not defined in/.exec(message)
  if (missing) {
    const variable = expressionAt(err, template, missing[1]!)
    const known = Object.keys(vars)
    const defined = known.length ? `defined vars: ${known.join(', ')}` : 'no vars are defined'
    return new TemplateError('TEMPLATE_MISSING_VAR', `template uses "${variable}", which is not defined (${defined})`, variable, err)
  }
  if (/^(Parse|Lexical) error/.test(message)) {
    return new TemplateError('TEMPLATE_SYNTAX', `template syntax: ${message.replace(/\s*\n\s*/g, ' ')}`, undefined, err)
  }
  return new TemplateError('TEMPLATE_ERROR', `template failed: ${message}`, undefined, err)
}

/**
 * The full path expression at the error position (`user.name` rather than `name`), when
 * handlebars reports a position and the text there ends with the reported name.
 */
function expressionAt(err: unknown, template: string, name: string): string {
  const { lineNumber, column } = (err ?? {}) as { lineNumber?: number; column?: number }
  if (lineNumber === undefined || column === undefined) return name
  const line = template.split('\n')[lineNumber - 1] ?? ''
  const expr = /^[^\s}()]+/.exec(line.slice(column))?.[0]
  return expr && (expr === name || expr.endsWith(`.${name}`) || expr.endsWith(`/${name}`)) ? expr : name
}
