/**
 * Partials of the run page, written on one line each (they repeat per case and per sample, so
 * every byte counts on a 10,000-sample page). Escaping stays on: `{{…}}` only, never `{{{…}}}`.
 */

/** Any chart of html/chart-svg.ts: shapes with precomputed coordinates, coloured by class. */
export const CHART_PARTIAL = [
  '<figure class="chart"><figcaption><b>{{title}}</b> <span class="m">{{caption}}</span></figcaption>',
  '{{#if empty}}<p class="m">{{empty}}</p>{{else}}',
  '<svg viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-label="{{title}}">',
  '{{#each grid}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" class="{{c}}"/>{{/each}}',
  '{{#each rects}}<rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" class="{{c}}"><title>{{tip}}</title></rect>{{/each}}',
  '{{#each lines}}<line x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" class="{{c}}"/>{{/each}}',
  '{{#each circles}}<circle cx="{{x}}" cy="{{y}}" r="{{r}}" class="{{c}}"><title>{{tip}}</title></circle>{{/each}}',
  '{{#each texts}}<text x="{{x}}" y="{{y}}" text-anchor="{{a}}" class="{{c}}">{{t}}</text>{{/each}}',
  '</svg>{{/if}}',
  '{{#if legend.length}}<div class="legend">{{#each legend}}<span><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" class="{{c}}"/></svg> {{label}}</span>{{/each}}</div>{{/if}}',
  '</figure>\n',
].join('')

/** One sample: outcome, measurements, outputs (beside the baseline's, with the diff), tool calls, grades (verdict, score, type, reason, judge). */
export const SAMPLE_PARTIAL = [
  '<div class="smp"><div><b class="o-{{outcome}}">{{outcome}}</b> {{label}}',
  '{{#if baseOutcome}} <span class="m">(baseline: {{baseOutcome}})</span>{{/if}} <span class="m">{{detail}}</span></div>',
  '{{#if error}}<pre class="err">{{error}}</pre>{{/if}}',
  '{{#if diff}}<div class="sbs"><div><div class="cap">baseline</div><pre>{{#each diff.base}}{{#if d}}<del>{{t}}</del>{{else}}{{t}}{{/if}}{{/each}}</pre></div>',
  '<div><div class="cap">this run</div><pre>{{#each diff.head}}{{#if d}}<ins>{{t}}</ins>{{else}}{{t}}{{/if}}{{/each}}</pre></div></div>',
  '{{else}}{{#if output}}<pre>{{output}}</pre>{{/if}}{{/if}}',
  '{{#if diffNote}}<div class="m">{{diffNote}}</div>{{/if}}',
  '{{#if toolCalls.length}}<div>tool calls: {{#each toolCalls}}<code>{{name}} {{args}}</code> {{/each}}</div>{{/if}}',
  '{{#if grades.length}}<ul class="gr">{{#each grades}}<li><b class="o-{{verdict}}">{{verdict}}</b><span>{{score}}</span><code>{{type}}</code>',
  '<span>{{reason}}{{#if weight}} <i class="m">({{weight}})</i>{{/if}}{{#if judge}}<br><i class="m">{{judge}}</i>{{/if}}</span></li>{{/each}}</ul>{{/if}}',
  '</div>',
].join('')

/** One case × variant: a collapsible row the page script filters by its data attributes. */
export const CASE_PARTIAL = [
  '<details class="case" id="{{id}}" data-s="{{suite}}" data-v="{{variant}}" data-o="{{verdict}}"{{#if change}} data-c="{{change}}"{{/if}}{{#if flaky}} data-f="1"{{/if}}>',
  '<summary><b class="o-{{verdict}}">{{verdict}}</b> ',
  '{{#if badge}}<span class="ch ch-{{change}}">{{badge}}</span> {{/if}}{{#if flaky}}<span class="ch ch-flaky">flaky</span> {{/if}}',
  '<span class="cn">{{suite}} / {{caseId}}</span> <span class="vn">{{variant}}</span> <span class="m">{{counts}}</span></summary>',
  '{{#each samples}}{{> sample}}{{/each}}</details>\n',
].join('')
