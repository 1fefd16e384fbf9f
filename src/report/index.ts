/**
 * report: human output from stored runs: the terminal summary table, the HTML page,
 * the progress bar and the machine-readable summary. May import core and compare.
 */
export { renderSummaryTable } from './terminal.js'
export { renderCaseRow, renderPageEnd, renderPageStart, renderRunPage } from './html.js'
export { buildRunPageHead, buildRunPageModel, caseRowsOf, type RunPageExtras, type RunPageHead, type RunPageModel } from './view-model.js'
export type { CaseRow, CaseRows } from './html/case-rows.js'
export { progressListener, type ProgressListener } from './progress.js'
export { buildJsonSummary, type JsonSummary } from './json-summary.js'
export * from './format.js'
export { renderComparison, renderGateVerdict } from './comparison-terminal.js'
export { renderSweeps } from './sweep-terminal.js'
export { renderMarkdown, type MarkdownInput } from './markdown.js'
export { renderJunit, type JunitInput } from './junit.js'
