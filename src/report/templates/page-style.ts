/**
 * The report's stylesheet, inlined and allowed by its hash in the page's CSP (no style
 * attributes anywhere). It must not contain `{{`: it is spliced into a Handlebars template.
 */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--error:#8250df;--warn:#9a6700;--accent:#0969da}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:#fff}
main{max-width:1240px;margin:0 auto;padding:1.2rem 1.5rem 3rem}
h1{font-size:1.35rem;margin:0}h2{font-size:1.1rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
.m{color:var(--muted);font-size:.92em}
.top{display:flex;gap:1rem;align-items:center}.top>div:last-child{flex:1;min-width:0}
.verdict{font-weight:700;font-size:1.25rem;letter-spacing:.04em;padding:.45rem .9rem;border-radius:6px;color:#fff}
.t-pass{background:var(--pass)}.t-fail{background:var(--fail)}.t-warn{background:var(--warn)}
.banner{background:#fff8c5;border:1px solid #d4a72c;padding:.55rem .9rem;border-radius:6px;margin:.9rem 0}
.reasons{margin:.6rem 0;padding-left:1.2rem}.reasons li{margin:.15rem 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(165px,1fr));gap:.7rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;background:var(--soft)}
.card .k{color:var(--muted);font-size:.85em;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:1.3rem;font-weight:600;margin:.1rem 0}
.toc{display:flex;gap:1rem;flex-wrap:wrap;margin:.6rem 0}.toc a{color:var(--accent)}
table{border-collapse:collapse;margin:.4rem 0;font-size:.93em}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
.names td:nth-child(-n+2),#flip-table td:first-child{white-space:nowrap}
details.more>summary{cursor:pointer;font-weight:600;margin:.6rem 0}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.wide{overflow-x:auto}
.o-pass{color:var(--pass)}.o-fail{color:var(--fail)}.o-error{color:var(--error)}.o-removed{color:var(--muted)}
.tone-pass{color:var(--pass);font-weight:600}.tone-fail{color:var(--fail);font-weight:600}.tone-warn{color:var(--warn);font-weight:600}
.ch{display:inline-block;font-size:.82em;border-radius:10px;padding:0 .45rem;border:1px solid var(--line);background:#fff}
.ch-regression{border-color:var(--fail);color:var(--fail)}.ch-improvement{border-color:var(--pass);color:var(--pass)}
.ch-changed{border-color:var(--error);color:var(--error)}.ch-flaky{border-color:var(--warn);color:var(--warn)}
.ch-added,.ch-removed{color:var(--muted)}
.charts{display:grid;gap:1rem}
figure.chart{margin:0;border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
figure.chart>svg{max-width:100%;height:auto;display:block}
figcaption{margin-bottom:.3rem}
.legend{display:flex;gap:1rem;font-size:.9em;color:var(--muted)}.legend svg{display:inline;vertical-align:-1px}
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
svg .label{font-size:12px;fill:var(--fg)}svg .value{fill:var(--fg)}
.grid{stroke:#eaeef2}.axis{stroke:#8c959f}
.whisker{stroke:#24292f;stroke-width:1.3}.marker{stroke:#24292f;stroke-dasharray:4 3}.move{stroke:#8c959f;stroke-width:1.2}
.s0{fill:#0969da}.s1{fill:#1a7f37}.s2{fill:#bc4c00}.s3{fill:#8250df}.s4{fill:#bf3989}.s5{fill:#1b7c83}
.bar-base{fill:#afb8c1}.hist{fill:#54aeff}.hist-base{fill:none;stroke:#cf222e;stroke-width:1.2}
.pt{stroke:#fff;stroke-width:1.5}.pt-base{fill:#fff;stroke:#57606a;stroke-width:1.5}
#filters{position:sticky;top:0;z-index:2;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
#filters label{white-space:nowrap}
#filters input[type=search]{min-width:16rem;padding:.2rem .4rem}
#filters .pager{margin-left:auto;display:flex;gap:.4rem;align-items:center}
details.case{border:1px solid var(--line);border-radius:6px;margin:.3rem 0;content-visibility:auto;contain-intrinsic-size:auto 40px;scroll-margin-top:6.5rem}
details.case>summary{cursor:pointer;padding:.35rem .6rem;list-style-position:inside}
details.case[open]>summary{border-bottom:1px solid var(--line);background:var(--soft)}
details.case:target{outline:2px solid var(--accent)}
.cn{font-weight:600}.vn{color:var(--muted)}
.smp{padding:.45rem .7rem;border-top:1px dashed var(--line)}.smp:first-of-type{border-top:0}
pre{white-space:pre-wrap;word-break:break-word;background:var(--soft);border-radius:4px;padding:.4rem .55rem;margin:.3rem 0;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
pre.err{background:#fbefff;color:var(--error)}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}
.cap{font-size:.8em;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
del{background:#ffebe9;color:#82071e;text-decoration:none;border-radius:2px}
ins{background:#dafbe1;color:#116329;text-decoration:none;border-radius:2px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--soft);padding:0 .25rem;border-radius:3px;word-break:break-word}
.gr{list-style:none;padding:0;margin:.35rem 0 .1rem}.gr li{display:grid;grid-template-columns:2.6rem 2.4rem 11rem 1fr;gap:.5rem;align-items:baseline;padding:.2rem 0;border-top:1px solid #eaeef2}
.gr span:first-of-type{text-align:right;font-variant-numeric:tabular-nums}.gr code{justify-self:start}.gr i{font-style:normal}
footer{margin-top:2rem;color:var(--muted);font-size:.85em}
@media (max-width:760px){.sbs{grid-template-columns:1fr}}
`
