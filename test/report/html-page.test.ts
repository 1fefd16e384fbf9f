import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { RunMeta, SampleRecord } from '../../src/core/index.js'
import { compareRuns, DEFAULT_GATE, summarizeSamples, sweepRun, wilsonInterval, type RunInput } from '../../src/compare/index.js'
import { buildRunPageModel, renderRunPage, type RunPageExtras } from '../../src/report/index.js'
import { wordDiff } from '../../src/report/html/word-diff.js'
import { PAGE_SCRIPT } from '../../src/report/templates/page-script.js'
import { PAGE_STYLE } from '../../src/report/templates/page-style.js'
import { cases, run, sample } from '../compare/helpers.js'

/** The HTML report as a file: escaping, self-containment, and what the view model puts on it. */

const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><a href="javascript:window.__pwned=3">x</a>'

function metaOf(r: RunInput, provider = 'emulator'): RunMeta {
  return { id: r.id, startedAt: '2026-01-01T10:00:00.000Z', status: 'completed', provider, model: 'openai:gpt@5-mini', config: {}, plannedSamples: r.samples.length }
}

function page(head: RunInput, base?: RunInput, extras: RunPageExtras = {}): { html: string; model: ReturnType<typeof buildRunPageModel> } {
  const summary = summarizeSamples(head.samples, new Map(head.suites.map((s) => [s.name, s.pass])), head.suites.map((s) => ({ name: s.name, variants: s.variants })))
  const comparison = base ? compareRuns(base, head, { policy: DEFAULT_GATE }) : undefined
  const model = buildRunPageModel(metaOf(head), summary, head.samples, { comparison, baseSamples: base?.samples, sweeps: sweepRun(head), ...extras })
  return { html: renderRunPage(model), model }
}

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

// capitals: c0-c5 regress, c6 mostly, c7 errors, c29 is new, `extra` is new, `gone` was removed; levels/low c0 improves.
const base = run('base', { capitals: { default: cases(30, 'PPPP') }, levels: { low: cases(4, 'PPFF'), high: cases(4, 'PPPP') } })
const head = run('head', {
  capitals: { default: { ...cases(30, (i) => (i < 6 ? 'FFFF' : i === 6 ? 'PFFF' : i === 7 ? 'EEEE' : 'PPPP')), extra: 'PPPP' } },
  levels: { low: cases(4, (i) => (i === 0 ? 'PPPP' : 'PPFF')), high: cases(4, 'PPPP') },
})
head.samples = head.samples.map((s) => (s.key.caseId === 'c0' && s.key.suite === 'capitals' ? { ...s, output: `Lyon ${HOSTILE}` } : s))
base.samples = base.samples.filter((s) => !(s.key.suite === 'capitals' && s.key.caseId === 'c29'))
  .concat(sample('capitals', 'gone', 'default', 1, 'P'))

describe('the HTML page', () => {
  it('escapes model output, case ids and reasons everywhere: nothing becomes markup or a handler', () => {
    const hostileHead: RunInput = {
      ...head,
      samples: head.samples.map((s, i) => (i === 0
        ? { ...s, key: { ...s.key, caseId: `"><img src=y onerror=alert(1)>` }, grades: [{ type: 'regex', pass: false, score: 0, reason: HOSTILE, weight: 1 }], toolCalls: [{ id: 't', name: '<b>x</b>', arguments: { q: '</script><script>alert(2)</script>' } }] }
        : s)),
    }
    const { html } = page(hostileHead, base)
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/<a [^>]*href="javascript:/i)
    expect(html).not.toMatch(/<[a-z]+\s[^>]*\bon[a-z]+=/i)
    expect(html).toContain('&lt;script&gt;window.__pwned&#x3D;1&lt;/script&gt;')
    expect(html).toContain('data-s="capitals"')
    expect(html).toContain('data-s="capitals" data-v="default" data-o="fail"')
    expect(html).toContain('&quot;&gt;&lt;img src&#x3D;y onerror&#x3D;alert(1)&gt;')
  })

  it('is self-contained: a CSP that forbids every fetch and allows only its own script and style, by hash', () => {
    const { html } = page(head, base)
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replaceAll('&#x27;', "'").replaceAll('&#x3D;', '=')
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!
    expect(script).toBe(PAGE_SCRIPT)
    expect(style).toBe(PAGE_STYLE)
    expect(csp).toBe(`default-src 'none'; script-src ${hashOf(script)}; style-src ${hashOf(style)}; base-uri 'none'; form-action 'none'`)
    expect(html).not.toMatch(/\s(src|srcset|action|poster|data)=/i)
    expect(html).not.toMatch(/href="(?!#)/)
    expect(html).not.toMatch(/\sstyle=/)
    expect(style).not.toMatch(/url\(|@import/)
    // Spliced verbatim into a TypeScript template string and a Handlebars template.
    for (const text of [PAGE_SCRIPT, PAGE_STYLE]) expect(text).not.toContain('{{')
    expect(PAGE_SCRIPT).not.toMatch(/[`\\]/)
  })

  it('says clearly when the results come from the emulator, and not when they do not', () => {
    expect(page(head).html).toContain('id="emulator-banner"')
    const summary = summarizeSamples(head.samples, new Map(), [])
    const real = renderRunPage(buildRunPageModel(metaOf(head, 'runware'), summary, head.samples))
    expect(real).not.toContain('id="emulator-banner"')
  })

  it('puts the gate verdict in the header and lists the flips by impact, each linked to its case row', () => {
    const { model, html } = page(head, base)
    expect(model.verdict.label).toBe('REGRESSION')
    expect(model.verdict.tone).toBe('fail')
    const flips = model.comparison!.flips
    expect(flips.map((f) => `${f.label} ${f.change} ${f.diff}`)).toEqual([
      ...[0, 1, 2, 3, 4, 5].map((i) => `capitals/c${i} regression −100.0 pts`),
      'capitals/c6 regression −75.0 pts',
      'capitals/c7 changed –',
      'levels/c0 [low] improvement +50.0 pts',
    ])
    for (const f of flips) {
      const row = model.cases.find((c) => c.id === f.anchor)!
      expect(caseLabelOf(row)).toBe(f.label)
      expect(html).toContain(`<a href="#${f.anchor}">`)
    }
  })

  it('classifies every case row for the filters: regression, improvement, changed, same, added, removed, flaky', () => {
    const { model } = page(head, base)
    const change = (suite: string, caseId: string, variant = 'default'): string => {
      const row = model.cases.find((c) => c.suite === suite && c.caseId === caseId && c.variant === variant)!
      return `${row.verdict} ${row.change}${row.flaky ? ' flaky' : ''}`
    }
    expect(change('capitals', 'c0')).toBe('fail regression')
    expect(change('capitals', 'c7')).toBe('error changed')
    expect(change('capitals', 'c8')).toBe('pass same')
    expect(change('capitals', 'extra')).toBe('pass added')
    expect(change('capitals', 'c29')).toBe('pass added')
    expect(change('capitals', 'gone')).toBe('removed removed')
    expect(change('levels', 'c0', 'low')).toBe('pass improvement flaky')
    expect(change('levels', 'c1', 'low')).toBe('fail same flaky')
    expect(model.filters).toMatchObject({ suites: ['capitals', 'levels'], variants: ['default', 'low', 'high'], comparing: true })
  })

  it('shows the baseline and this run side by side with the changed words marked', () => {
    const { model, html } = page(head, base)
    const c0 = model.cases.find((c) => c.suite === 'capitals' && c.caseId === 'c0')!
    const s = c0.samples[0]!
    expect(s.diff!.base).toEqual([{ t: 'Paris', d: true }])
    expect(s.diff!.head).toEqual([{ t: `Lyon ${HOSTILE}`, d: true }])
    expect(s.baseOutcome).toBe('pass')
    expect(html).toContain('<del>Paris</del>')
    expect(html).toContain('<ins>Lyon &lt;script&gt;')
    const same = model.cases.find((c) => c.caseId === 'c8')!.samples[0]!
    expect(same.diff).toBeNull()
    expect(same.diffNote).toBe('same as the baseline')
  })

  it('shows tool calls, time to first token, the judge apart, and weights that do not count', () => {
    const special: RunInput = {
      ...head,
      samples: head.samples.map((s, i) => (i === 0 ? {
        ...s, ttftMs: 42, latencyMs: 310, attempts: 2, costUsd: 0.0005,
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }],
        grades: [
          { type: 'tool-call', pass: true, score: 1, reason: 'get_weather called', weight: 1 },
          { type: 'llm-rubric', pass: false, score: 0.2, reason: 'The judge says: off topic.', weight: 0, judge: { model: 'openai:gpt@5-mini', calls: 3, agreement: 2 / 3, costUsd: 0.0004, latencyMs: 12, usage: { promptTokens: 100, completionTokens: 20, totalTokens: 120, thinkingTokens: 0 } } },
        ],
      } : s)),
    }
    const { html } = page(special)
    expect(html).toContain('<code>get_weather {&quot;city&quot;:&quot;Oslo&quot;}</code>')
    expect(html).toMatch(/310 ms · first token 42 ms · 2 attempts/)
    expect(html).toContain('The judge says: off topic. <i class="m">(weight 0: not counted)</i>')
    expect(html).toContain('judge openai:gpt@5-mini · 3 answers, 66.7% agree · 120 tokens · $0.000400 · 12 ms')
  })

  it('draws the pass rate per variant with its Wilson interval, and says why a chart is empty', () => {
    const { model } = page(head, base)
    const [passRate, latency, cost] = model.charts
    expect(passRate!.title).toBe('Pass rate per variant')
    // Bars run from x=210 (0%) to x=680 (100%): capitals passes 93 of its 120 graded samples.
    const bar = passRate!.rects.find((r) => r.tip.startsWith('capitals:'))!
    expect(bar.w).toBeCloseTo((93 / 120) * 470, 0)
    const { lower, upper } = wilsonInterval(93, 120)!
    const whisker = passRate!.lines.find((l) => l.c === 'whisker' && l.y1 === l.y2 && Math.abs(l.y1 - (bar.y + bar.h / 2)) < 0.01)!
    expect([whisker.x1, whisker.x2]).toEqual([Math.round((210 + lower * 470) * 10) / 10, Math.round((210 + upper * 470) * 10) / 10])
    const b = wilsonInterval(117, 117)!
    expect(passRate!.texts.map((t) => t.t)).toContain(`baseline 100.0% [${(b.lower * 100).toFixed(1)}–100.0]`)
    expect(latency!.empty).toMatch(/No live latencies/)
    expect(cost!.empty).toMatch(/No costs were recorded/)
  })

  it('marks cut baseline outputs (from a baseline file) and compares only the part it kept', () => {
    const long = 'word '.repeat(60).trim()
    const b = run('b', { s: { default: { c: 'P' } } })
    const h = run('h', { s: { default: { c: 'P' } } })
    b.samples = b.samples.map((s) => ({ ...s, output: `${long.slice(0, 199)}…` }))
    h.samples = h.samples.map((s) => ({ ...s, output: long }))
    const { model } = page(h, b, { baseFromFile: true })
    const s = model.cases[0]!.samples[0]!
    expect(s.diff).toBeNull()
    expect(s.diffNote).toBe('same as the baseline (the baseline file keeps the first 199 characters; only those are compared)')
  })

  it('renders a 10,000-sample run against a baseline in at most 15 MB', () => {
    const many = (id: string, changed: boolean): RunInput => {
      const r = run(id, { big: { low: cases(2500, 'PP'), high: cases(2500, 'PP') } })
      r.samples = r.samples.map((s, i): SampleRecord => ({
        ...s,
        output: `${changed && i % 4 === 0 ? 'Lyon' : 'Paris'} is the answer because ${'the model explains its reasoning at some length '.repeat(5)}`,
        latencyMs: 100 + (i % 900), costUsd: 0.0004, finishReason: 'stop',
        usage: { promptTokens: 60, completionTokens: 80, totalTokens: 396, thinkingTokens: 256 },
        grades: [
          { type: 'icontains', pass: true, score: 1, reason: 'contains "Paris"', weight: 1 },
          { type: 'llm-rubric', pass: true, score: 0.9, reason: 'On topic.', weight: 1, judge: { model: 'openai:gpt@5-mini', calls: 1, agreement: 1, costUsd: 0.0001, latencyMs: 300 } },
        ],
      }))
      return r
    }
    const { html } = page(many('h', true), many('b', false))
    expect(html.match(/<details class="case"/g)).toHaveLength(5000)
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(15 * 1024 * 1024)
  })
})

describe('word diff', () => {
  it('marks removed words on the baseline side and added words on this side, keeping the rest', () => {
    const d = wordDiff('The capital of France is Paris.', 'The capital of France is Lyon, really.')
    expect(d.base).toEqual([{ t: 'The capital of France is ', d: false }, { t: 'Paris', d: true }, { t: '.', d: false }])
    expect(d.head).toEqual([{ t: 'The capital of France is ', d: false }, { t: 'Lyon, really', d: true }, { t: '.', d: false }])
    expect([d.removed, d.added]).toEqual([1, 2])
  })

  it('gives up on unrelated long texts and marks them whole', () => {
    const a = Array.from({ length: 600 }, (_, i) => `a${i}`).join(' ')
    const b = Array.from({ length: 600 }, (_, i) => `b${i}`).join(' ')
    const d = wordDiff(a, b)
    expect(d.base).toEqual([{ t: a, d: true }])
    expect(d.head).toEqual([{ t: b, d: true }])
  })
})

function caseLabelOf(row: { suite: string; caseId: string; variant: string }): string {
  return row.variant === 'default' ? `${row.suite}/${row.caseId}` : `${row.suite}/${row.caseId} [${row.variant}]`
}
