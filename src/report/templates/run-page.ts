/** Handlebars template of a run's HTML page. Escaping stays on: model output is untrusted. */
export const RUN_PAGE_TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{title}}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin-top:2rem}
.banner{background:#fff4ce;border:1px solid #e0c060;padding:.5rem .8rem;border-radius:4px;margin:.8rem 0}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.num{text-align:right}
.pass{color:#116329}.fail{color:#b42318}.error{color:#8250df}
details{border:1px solid #d0d7de;border-radius:4px;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.4rem;margin:.3rem 0}
.meta{color:#57606a}
</style>
</head>
<body>
<h1>{{title}}</h1>
<div class="meta">provider: {{provider}} · model {{model}} · started {{startedAt}} · status {{status}}</div>
{{#if isEmulator}}<div class="banner">These results come from the built-in Runware <strong>emulator</strong>, not from GPT-5 Mini.</div>{{/if}}
<p><strong>{{totals.samples}}</strong> samples: <span class="pass">{{totals.passed}} passed</span>, <span class="fail">{{totals.failed}} failed</span>, <span class="error">{{totals.errors}} errors</span> · pass rate {{totals.passRate}} · total cost {{totals.totalCost}} · latency p50 {{totals.p50}}, p95 {{totals.p95}}</p>
<h2>Suites and variants</h2>
<table>
<thead><tr><th>suite</th><th>variant</th><th>samples</th><th>pass</th><th>fail</th><th>error</th><th>pass rate</th><th>mean cost</th><th>p50</th><th>p95</th></tr></thead>
<tbody>
{{#each groups}}<tr><td>{{suite}}</td><td>{{variant}}</td><td class="num">{{samples}}</td><td class="num">{{passed}}</td><td class="num">{{failed}}</td><td class="num">{{errors}}</td><td class="num">{{passRate}}</td><td class="num">{{meanCost}}</td><td class="num">{{p50}}</td><td class="num">{{p95}}</td></tr>
{{/each}}
</tbody>
</table>
<h2>Cases</h2>
{{#each cases}}
<details>
<summary><span class="{{verdict}}">{{verdict}}</span> · {{suite}} / {{caseId}} / {{variant}} <span class="meta">({{counts}})</span></summary>
{{#each samples}}
<div><strong class="{{outcome}}">{{outcome}}</strong> {{label}} <span class="meta">{{finishReason}} {{detail}}</span></div>
<pre>{{output}}</pre>
{{#if grades.length}}<table><thead><tr><th>assertion</th><th>verdict</th><th>score</th><th>reason</th></tr></thead><tbody>
{{#each grades}}<tr><td>{{type}}</td><td class="{{verdict}}">{{verdict}}</td><td class="num">{{score}}</td><td>{{reason}}</td></tr>{{/each}}
</tbody></table>{{/if}}
{{/each}}
</details>
{{/each}}
</body>
</html>
`
