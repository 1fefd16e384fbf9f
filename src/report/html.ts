import { createHash } from 'node:crypto'
import Handlebars from 'handlebars'
import type { RunPageModel } from './view-model.js'
import { RUN_PAGE_TEMPLATE } from './templates/run-page.js'
import { CASE_PARTIAL, CHART_PARTIAL, SAMPLE_PARTIAL } from './templates/partials.js'
import { PAGE_SCRIPT } from './templates/page-script.js'
import { PAGE_STYLE } from './templates/page-style.js'

/**
 * Render a run page: one self-contained file. Every value is HTML-escaped by handlebars; the
 * only style and script are the page's own, allowed by their hashes. The CSP forbids every
 * fetch (default-src 'none'), inline handlers, other scripts, base URLs and form submission.
 */
export function renderRunPage(model: RunPageModel): string {
  const hbs = Handlebars.create()
  hbs.registerPartial('chart', CHART_PARTIAL)
  hbs.registerPartial('sample', SAMPLE_PARTIAL)
  hbs.registerPartial('case', CASE_PARTIAL)
  // Only the built-in block helpers (if, each, with, unless): faster, and a typo cannot call anything else.
  return hbs.compile(RUN_PAGE_TEMPLATE, { knownHelpersOnly: true })({ ...model, csp: contentSecurityPolicy() })
}

export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(PAGE_SCRIPT)}`,
    `style-src ${sha256(PAGE_STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}
