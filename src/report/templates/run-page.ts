import { PAGE_SCRIPT } from './page-script.js'
import { PAGE_STYLE } from './page-style.js'

/**
 * Handlebars template of a run's HTML page. Escaping stays on: model output is untrusted.
 * The stylesheet and the script are constants spliced in here and allowed by their hashes in
 * the CSP (`csp` is computed by html.ts); data reaches the script only through escaped attributes.
 */
export const RUN_PAGE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<header class="top">
<div class="verdict t-{{verdict.tone}}" id="verdict">{{verdict.label}}</div>
<div><h1>{{title}}</h1>
<div class="m">provider: {{provider}} · model {{model}} · started {{startedAt}} · status {{status}}{{#if gitCommit}} · commit {{gitCommit}}{{/if}}</div></div>
</header>
{{#if isEmulator}}<div class="banner" id="emulator-banner"><strong>Emulator.</strong> These results come from the built-in offline Runware emulator: they are simulated, not answers of GPT-5 Mini.</div>{{/if}}
{{#if verdict.reasons.length}}<ul class="reasons">{{#each verdict.reasons}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
<section class="cards" id="totals">
<div class="card"><div class="k">samples</div><div class="v">{{totals.samples}}</div><div><span class="o-pass">{{totals.passed}} pass</span> · <span class="o-fail">{{totals.failed}} fail</span> · <span class="o-error">{{totals.errors}} error</span></div></div>
<div class="card"><div class="k">pass rate</div><div class="v">{{headline.passRate}}</div><div class="m">{{confidenceLabel}} CI {{headline.interval}}{{#if headline.basePassRate}} · {{headline.basePassRate}}{{/if}} · errors left out</div></div>
<div class="card"><div class="k">cost</div><div class="v">{{headline.cost}}</div><div class="m">{{totals.meanCost}} per sample{{#if headline.cache}} · {{headline.cache}}{{/if}}</div></div>
{{#if hasJudge}}<div class="card"><div class="k">judge (apart)</div><div class="v">{{totals.judgeCost}}</div><div class="m">{{judgeSummary}}</div></div>{{/if}}
<div class="card"><div class="k">latency p50</div><div class="v">{{totals.p50}}</div><div class="m">{{headline.latency}} (live samples)</div></div>
<div class="card"><div class="k">provider</div><div class="v">{{#if isEmulator}}emulator{{else}}{{provider}}{{/if}}</div><div class="m">{{model}}</div></div>
</section>
<nav class="toc">{{#if comparison}}<a href="#gate">gate</a><a href="#flips">flipped cases</a>{{/if}}<a href="#charts">charts</a><a href="#tables">suites and variants</a><a href="#case-list">cases</a></nav>
{{#if comparison}}{{#with comparison}}
<h2 id="gate">Against the baseline</h2>
<p>{{base}} → {{head}}</p>
{{#if mismatch}}<div class="banner">{{mismatch}}</div>{{/if}}
<div class="wide"><table id="units" class="names"><thead><tr><th>suite</th><th>variant</th><th>cases</th><th>baseline pass rate</th><th>this run</th><th>change [CI]</th><th>p (worse)</th><th>flips</th><th>MDE</th><th>gate</th></tr></thead><tbody>
{{#each units}}<tr><td>{{suite}}</td><td>{{variant}}</td><td class="n">{{cases}}</td><td class="n">{{base}}</td><td class="n">{{head}}</td><td class="n">{{change}}</td><td class="n">{{p}}</td><td class="n">{{flips}}</td><td class="n">{{mde}}</td><td><span class="tone-{{tone}}">{{status}}</span><div class="m">{{reason}}</div></td></tr>
{{/each}}</tbody></table></div>
<p class="m">{{unitsNote}}</p>
<p class="m">{{samples}}</p>
{{#if changes.length}}<ul>{{#each changes}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
<h2 id="flips">Flipped cases</h2>
<p>{{flipsSummary}}</p>
{{#if flips.length}}<div class="wide"><table id="flip-table"><thead><tr><th>case</th><th>change</th><th>samples passing</th><th>Δ pass rate</th></tr></thead><tbody>
{{#each flips}}<tr><td><a href="#{{anchor}}">{{label}}</a>{{#if flaky}} <span class="ch ch-flaky">flaky</span>{{/if}}</td><td><span class="ch ch-{{change}}">{{from}} → {{to}}</span></td><td>{{counts}}</td><td class="n">{{diff}}</td></tr>
{{/each}}</tbody></table></div>{{/if}}
{{#if flaky.length}}<details class="more" id="flaky"><summary>Flaky cases ({{flaky.length}})</summary><p class="m">Samples disagree in the baseline, or the verdict flipped between past runs that sent the same requests; flips of these cases are marked flaky.</p>
<table><thead><tr><th>case</th><th>flip rate</th><th>why</th></tr></thead><tbody>{{#each flaky}}<tr><td>{{label}}</td><td class="n">{{rate}}</td><td>{{detail}}</td></tr>{{/each}}</tbody></table></details>{{/if}}
{{/with}}{{/if}}
<h2 id="charts">Charts</h2>
<div class="charts">{{#each charts}}{{> chart}}{{/each}}</div>
<h2 id="tables">Suites and variants</h2>
<div class="wide"><table id="suite-table" class="names"><thead><tr><th>suite</th><th>cases passing</th><th>samples</th><th>pass</th><th>fail</th><th>error</th><th>pass rate ({{confidenceLabel}} CI)</th><th>total cost</th><th>mean cost</th><th>p50</th><th>p95</th>{{#if hasJudge}}<th>judge cost</th>{{/if}}</tr></thead><tbody>
{{#each suites}}<tr><td>{{suite}}</td><td class="n">{{cases}}</td><td class="n">{{samples}}</td><td class="n">{{passed}}</td><td class="n">{{failed}}</td><td class="n">{{errors}}</td><td class="n">{{passRate}}</td><td class="n">{{totalCost}}</td><td class="n">{{meanCost}}</td><td class="n">{{p50}}</td><td class="n">{{p95}}</td>{{#if @root.hasJudge}}<td class="n">{{judgeCost}}</td>{{/if}}</tr>
{{/each}}</tbody></table></div>
<div class="wide"><table id="variant-table" class="names"><thead><tr><th>suite</th><th>variant</th><th>cases passing</th><th>samples</th><th>pass</th><th>fail</th><th>error</th><th>pass rate ({{confidenceLabel}} CI)</th><th>mean cost</th><th>cost / pass</th><th>p50</th><th>p95</th><th>thinking tokens</th>{{#if hasJudge}}<th>judge cost</th>{{/if}}{{#if hasSweeps}}<th>frontier</th>{{/if}}</tr></thead><tbody>
{{#each groups}}<tr><td>{{suite}}</td><td>{{variant}}</td><td class="n">{{cases}}</td><td class="n">{{samples}}</td><td class="n">{{passed}}</td><td class="n">{{failed}}</td><td class="n">{{errors}}</td><td class="n">{{passRate}}</td><td class="n">{{meanCost}}</td><td class="n">{{costPerPass}}</td><td class="n">{{p50}}</td><td class="n">{{p95}}</td><td class="n">{{thinking}}</td>{{#if @root.hasJudge}}<td class="n">{{judgeCost}}</td>{{/if}}{{#if @root.hasSweeps}}<td>{{frontier}}</td>{{/if}}</tr>
{{/each}}</tbody></table></div>
{{#if sweepNotes.length}}<ul class="m">{{#each sweepNotes}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
<h2 id="case-list">Cases</h2>
<form id="filters" hidden>
<label title="{{filters.regressionHelp}}"><input type="checkbox" id="f-reg"{{#unless filters.comparing}} disabled{{/unless}}> regressions only</label>
<label title="{{filters.flakyHelp}}"><input type="checkbox" id="f-flaky"> flaky</label>
<label>suite <select id="f-suite"><option value="">all</option>{{#each filters.suites}}<option>{{this}}</option>{{/each}}</select></label>
<label>variant <select id="f-variant"><option value="">all</option>{{#each filters.variants}}<option>{{this}}</option>{{/each}}</select></label>
<label>outcome <select id="f-outcome"><option value="">all</option><option>pass</option><option>fail</option><option>error</option>{{#if filters.comparing}}<option>removed</option>{{/if}}</select></label>
<input type="search" id="f-q" placeholder="search cases, outputs, reasons ( / )" aria-label="search">
<span class="pager"><button type="button" id="f-open">open all</button><button type="button" id="f-close">close all</button><button type="button" id="f-prev">‹ prev</button><span id="f-count" class="m"></span><button type="button" id="f-next">next ›</button></span>
</form>
<div id="cases">
{{#each cases}}{{> case}}{{/each}}</div>
<footer>Written by evals for run {{runId}}. Self-contained: nothing on this page is fetched from anywhere.</footer>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
