import type { Chart } from '../html/chart-svg.js'
import type { CaseRow } from '../html/case-rows.js'
import type { SampleRow } from '../html/sample-rows.js'
import { html, when, type Html } from './html-tag.js'

/**
 * Parts of the run page, written on one line each (they repeat per case and per sample, so
 * every byte counts on a 10,000-sample page). Every value goes through `html`, which escapes it.
 */

/** Any chart of html/chart-svg.ts: shapes with precomputed coordinates, coloured by class. */
export function chartHtml(c: Chart): Html {
  const shapes = (): Html => html`<svg viewBox="0 0 ${c.width} ${c.height}" width="${c.width}" height="${c.height}" role="img" aria-label="${c.title}">${
    c.grid.map((l) => html`<line x1="${l.x1}" y1="${l.y1}" x2="${l.x2}" y2="${l.y2}" class="${l.c}"/>`)}${
    c.rects.map((r) => html`<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" class="${r.c}"><title>${r.tip}</title></rect>`)}${
    c.lines.map((l) => html`<line x1="${l.x1}" y1="${l.y1}" x2="${l.x2}" y2="${l.y2}" class="${l.c}"/>`)}${
    c.circles.map((p) => html`<circle cx="${p.x}" cy="${p.y}" r="${p.r}" class="${p.c}"><title>${p.tip}</title></circle>`)}${
    c.texts.map((t) => html`<text x="${t.x}" y="${t.y}" text-anchor="${t.a}" class="${t.c}">${t.t}</text>`)}</svg>`
  const legend = (): Html => html`<div class="legend">${c.legend.map((l) =>
    html`<span><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class="${l.c}"/></svg> ${l.label}</span>`)}</div>`
  return html`<figure class="chart"><figcaption><b>${c.title}</b> <span class="m">${c.caption}</span></figcaption>${
    when(c.empty, () => html`<p class="m">${c.empty}</p>`, shapes)}${when(c.legend.length, legend)}</figure>\n`
}

/** One sample: outcome, measurements, outputs (beside the baseline's, with the diff), tool calls, grades (verdict, score, type, reason, judge). */
export function sampleHtml(s: SampleRow): Html {
  const diff = s.diff
  const outputs = diff
    ? html`<div class="sbs"><div><div class="cap">baseline</div><pre>${diff.base.map((p) => (p.d ? html`<del>${p.t}</del>` : p.t))}</pre></div><div><div class="cap">this run</div><pre>${
      diff.head.map((p) => (p.d ? html`<ins>${p.t}</ins>` : p.t))}</pre></div></div>`
    : when(s.output, () => html`<pre>${s.output}</pre>`)
  return html`<div class="smp"><div><b class="o-${s.outcome}">${s.outcome}</b> ${s.label}${
    when(s.baseOutcome, () => html` <span class="m">(baseline: ${s.baseOutcome})</span>`)} <span class="m">${s.detail}</span></div>${
    when(s.error, () => html`<pre class="err">${s.error}</pre>`)}${outputs}${
    when(s.diffNote, () => html`<div class="m">${s.diffNote}</div>`)}${
    when(s.toolCalls.length, () => html`<div>tool calls: ${s.toolCalls.map((t) => html`<code>${t.name} ${t.args}</code> `)}</div>`)}${
    when(s.grades.length, () => html`<ul class="gr">${s.grades.map(gradeHtml)}</ul>`)}</div>`
}

function gradeHtml(g: SampleRow['grades'][number]): Html {
  return html`<li><b class="o-${g.verdict}">${g.verdict}</b><span>${g.score}</span><code>${g.type}</code><span>${g.reason}${
    when(g.weight, () => html` <i class="m">(${g.weight})</i>`)}${when(g.judge, () => html`<br><i class="m">${g.judge}</i>`)}</span></li>`
}

/** One case × variant: a collapsible row the page script filters by its data attributes. */
export function caseHtml(c: CaseRow): Html {
  return html`<details class="case" id="${c.id}" data-s="${c.suite}" data-v="${c.variant}" data-o="${c.verdict}"${
    when(c.change, () => html` data-c="${c.change}"`)}${when(c.flaky, () => html` data-f="1"`)}><summary><b class="o-${c.verdict}">${c.verdict}</b> ${
    when(c.badge, () => html`<span class="ch ch-${c.change}">${c.badge}</span> `)}${when(c.flaky, () => html`<span class="ch ch-flaky">flaky</span> `)}<span class="cn">${c.suite} / ${c.caseId}</span> <span class="vn">${c.variant}</span> <span class="m">${c.counts}</span></summary>${
    c.samples.map(sampleHtml)}</details>\n`
}
