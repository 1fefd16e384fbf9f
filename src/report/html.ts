import { createHash } from 'node:crypto'
import type { RunPageHead, RunPageModel } from './view-model.js'
import type { CaseRow } from './html/case-rows.js'
import { pageEnd, pageStart } from './templates/run-page.js'
import { caseHtml } from './templates/partials.js'
import { PAGE_SCRIPT } from './templates/page-script.js'
import { PAGE_STYLE } from './templates/page-style.js'

/**
 * Render a run page: one self-contained file. Every value is HTML-escaped (templates/html-tag.ts);
 * the only style and script are the page's own, allowed by their hashes. The CSP forbids every
 * fetch (default-src 'none'), inline handlers, other scripts, base URLs and form submission.
 * A large page is written in pieces: `renderPageStart`, each `renderCaseRow`, `renderPageEnd`.
 */
export function renderRunPage(model: RunPageModel): string {
  return renderPageStart(model) + model.cases.map(renderCaseRow).join('') + renderPageEnd(model)
}

/** The page up to its first case row. */
export function renderPageStart(head: RunPageHead): string {
  return pageStart(head, contentSecurityPolicy())
}

export function renderCaseRow(row: CaseRow): string {
  return caseHtml(row).text
}

/** The page after its last case row. */
export function renderPageEnd(head: RunPageHead): string {
  return pageEnd(head)
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
