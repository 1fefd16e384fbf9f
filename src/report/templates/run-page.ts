import type { RunPageHead } from '../view-model.js'
import { PAGE_SCRIPT } from './page-script.js'
import { PAGE_STYLE } from './page-style.js'
import { chartHtml } from './partials.js'
import { Html, html, when } from './html-tag.js'

/**
 * A run's HTML page around its case rows: `pageStart` up to the list of cases, `pageEnd` after
 * it (the rows, rendered by partials.ts, go between, so a large page is written in pieces).
 * Every value is escaped by `html`: model output is untrusted. The stylesheet and the script
 * are constants allowed by their hashes in the CSP (`csp` is computed by html.ts); data
 * reaches the script only through escaped attributes.
 */

const STYLE = new Html(PAGE_STYLE)
const SCRIPT = new Html(PAGE_SCRIPT)

export function pageStart(m: RunPageHead, csp: string): string {
  return pageTop(m, csp).text + comparisonSection(m).text + tablesSection(m).text + filtersForm(m).text
}

export function pageEnd(m: RunPageHead): string {
  return html`</div>
<footer>Written by evals for run ${m.runId}. Self-contained: nothing on this page is fetched from anywhere.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`.text
}

function pageTop(m: RunPageHead, csp: string): Html {
  const t = m.totals
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${m.title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="top">
<div class="verdict t-${m.verdict.tone}" id="verdict">${m.verdict.label}</div>
<div><h1>${m.title}</h1>
<div class="m">provider: ${m.provider} · model ${m.model} · started ${m.startedAt} · status ${m.status}${when(m.gitCommit, () => html` · commit ${m.gitCommit}`)}</div></div>
</header>
${when(m.isEmulator, () => html`<div class="banner" id="emulator-banner"><strong>Emulator.</strong> These results come from the built-in offline Runware emulator: they are simulated, not answers of GPT-5 Mini.</div>`)}
${when(m.verdict.reasons.length, () => html`<ul class="reasons">${m.verdict.reasons.map((r) => html`<li>${r}</li>`)}</ul>`)}
<section class="cards" id="totals">
<div class="card"><div class="k">samples</div><div class="v">${t.samples}</div><div><span class="o-pass">${t.passed} pass</span> · <span class="o-fail">${t.failed} fail</span> · <span class="o-error">${t.errors} error</span></div></div>
<div class="card"><div class="k">pass rate</div><div class="v">${m.headline.passRate}</div><div class="m">${m.confidenceLabel} CI ${m.headline.interval}${when(m.headline.basePassRate, () => html` · ${m.headline.basePassRate}`)} · errors left out</div></div>
<div class="card"><div class="k">cost</div><div class="v">${m.headline.cost}</div><div class="m">${t.meanCost} per sample${when(m.headline.cache, () => html` · ${m.headline.cache}`)}</div></div>
${when(m.hasJudge, () => html`<div class="card"><div class="k">judge (apart)</div><div class="v">${t.judgeCost}</div><div class="m">${m.judgeSummary}</div></div>`)}
<div class="card"><div class="k">latency p50</div><div class="v">${t.p50}</div><div class="m">${m.headline.latency} (live samples)</div></div>
<div class="card"><div class="k">provider</div><div class="v">${m.isEmulator ? 'emulator' : m.provider}</div><div class="m">${m.model}</div></div>
</section>
<nav class="toc">${when(m.comparison, () => html`<a href="#gate">gate</a><a href="#flips">flipped cases</a>`)}<a href="#charts">charts</a><a href="#tables">suites and variants</a><a href="#case-list">cases</a></nav>
`
}

function comparisonSection(m: RunPageHead): Html {
  const c = m.comparison
  if (!c) return html``
  return html`
<h2 id="gate">Against the baseline</h2>
<p>${c.base} → ${c.head}</p>
${when(c.mismatch, () => html`<div class="banner">${c.mismatch}</div>`)}
<div class="wide"><table id="units" class="names"><thead><tr><th>suite</th><th>variant</th><th>cases</th><th>baseline pass rate</th><th>this run</th><th>change [CI]</th><th>p (worse)</th><th>flips</th><th>MDE</th><th>gate</th></tr></thead><tbody>
${c.units.map((u) => html`<tr><td>${u.suite}</td><td>${u.variant}</td><td class="n">${u.cases}</td><td class="n">${u.base}</td><td class="n">${u.head}</td><td class="n">${u.change}</td><td class="n">${u.p}</td><td class="n">${u.flips}</td><td class="n">${u.mde}</td><td><span class="tone-${u.tone}">${u.status}</span><div class="m">${u.reason}</div></td></tr>
`)}</tbody></table></div>
<p class="m">${c.unitsNote}</p>
<p class="m">${c.samples}</p>
${when(c.changes.length, () => html`<ul>${c.changes.map((x) => html`<li>${x}</li>`)}</ul>`)}
<h2 id="flips">Flipped cases</h2>
<p>${c.flipsSummary}</p>
${when(c.flips.length, () => html`<div class="wide"><table id="flip-table"><thead><tr><th>case</th><th>change</th><th>samples passing</th><th>Δ pass rate</th></tr></thead><tbody>
${c.flips.map((f) => html`<tr><td><a href="#${f.anchor}">${f.label}</a>${when(f.flaky, () => html` <span class="ch ch-flaky">flaky</span>`)}</td><td><span class="ch ch-${f.change}">${f.from} → ${f.to}</span></td><td>${f.counts}</td><td class="n">${f.diff}</td></tr>
`)}</tbody></table></div>`)}
${when(c.flaky.length, () => html`<details class="more" id="flaky"><summary>Flaky cases (${c.flaky.length})</summary><p class="m">Samples disagree in the baseline, or the verdict flipped between past runs that sent the same requests; flips of these cases are marked flaky.</p>
<table><thead><tr><th>case</th><th>flip rate</th><th>why</th></tr></thead><tbody>${c.flaky.map((f) => html`<tr><td>${f.label}</td><td class="n">${f.rate}</td><td>${f.detail}</td></tr>`)}</tbody></table></details>`)}
`
}

function tablesSection(m: RunPageHead): Html {
  const judge = (cell: () => Html): Html | '' => when(m.hasJudge, cell)
  return html`
<h2 id="charts">Charts</h2>
<div class="charts">${m.charts.map(chartHtml)}</div>
<h2 id="tables">Suites and variants</h2>
<div class="wide"><table id="suite-table" class="names"><thead><tr><th>suite</th><th>cases passing</th><th>samples</th><th>pass</th><th>fail</th><th>error</th><th>pass rate (${m.confidenceLabel} CI)</th><th>total cost</th><th>mean cost</th><th>p50</th><th>p95</th>${judge(() => html`<th>judge cost</th>`)}</tr></thead><tbody>
${m.suites.map((s) => html`<tr><td>${s.suite}</td><td class="n">${s.cases}</td><td class="n">${s.samples}</td><td class="n">${s.passed}</td><td class="n">${s.failed}</td><td class="n">${s.errors}</td><td class="n">${s.passRate}</td><td class="n">${s.totalCost}</td><td class="n">${s.meanCost}</td><td class="n">${s.p50}</td><td class="n">${s.p95}</td>${judge(() => html`<td class="n">${s.judgeCost}</td>`)}</tr>
`)}</tbody></table></div>
<div class="wide"><table id="variant-table" class="names"><thead><tr><th>suite</th><th>variant</th><th>cases passing</th><th>samples</th><th>pass</th><th>fail</th><th>error</th><th>pass rate (${m.confidenceLabel} CI)</th><th>mean cost</th><th>cost / pass</th><th>p50</th><th>p95</th><th>thinking tokens</th>${judge(() => html`<th>judge cost</th>`)}${when(m.hasSweeps, () => html`<th>frontier</th>`)}</tr></thead><tbody>
${m.groups.map((g) => html`<tr><td>${g.suite}</td><td>${g.variant}</td><td class="n">${g.cases}</td><td class="n">${g.samples}</td><td class="n">${g.passed}</td><td class="n">${g.failed}</td><td class="n">${g.errors}</td><td class="n">${g.passRate}</td><td class="n">${g.meanCost}</td><td class="n">${g.costPerPass}</td><td class="n">${g.p50}</td><td class="n">${g.p95}</td><td class="n">${g.thinking}</td>${judge(() => html`<td class="n">${g.judgeCost}</td>`)}${when(m.hasSweeps, () => html`<td>${g.frontier}</td>`)}</tr>
`)}</tbody></table></div>
${when(m.sweepNotes.length, () => html`<ul class="m">${m.sweepNotes.map((n) => html`<li>${n}</li>`)}</ul>`)}
`
}

function filtersForm(m: RunPageHead): Html {
  const f = m.filters
  return html`<h2 id="case-list">Cases</h2>
<form id="filters" hidden>
<label title="${f.regressionHelp}"><input type="checkbox" id="f-reg"${f.comparing ? '' : html` disabled`}> regressions only</label>
<label title="${f.flakyHelp}"><input type="checkbox" id="f-flaky"> flaky</label>
<label>suite <select id="f-suite"><option value="">all</option>${f.suites.map((s) => html`<option>${s}</option>`)}</select></label>
<label>variant <select id="f-variant"><option value="">all</option>${f.variants.map((v) => html`<option>${v}</option>`)}</select></label>
<label>outcome <select id="f-outcome"><option value="">all</option><option>pass</option><option>fail</option><option>error</option>${when(f.comparing, () => html`<option>removed</option>`)}</select></label>
<input type="search" id="f-q" placeholder="search cases, outputs, reasons ( / )" aria-label="search">
<span class="pager"><button type="button" id="f-open">open all</button><button type="button" id="f-close">close all</button><button type="button" id="f-prev">‹ prev</button><span id="f-count" class="m"></span><button type="button" id="f-next">next ›</button></span>
</form>
<div id="cases">
`
}
