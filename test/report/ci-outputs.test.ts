import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import type { RunMeta } from '../../src/core/index.js'
import { compareRuns, DEFAULT_GATE, summarizeSamples, sweepRun, type RunInput } from '../../src/compare/index.js'
import { renderComparison, renderJunit, renderMarkdown, renderSweeps } from '../../src/report/index.js'
import { cases, run } from '../compare/helpers.js'

const meta: RunMeta = {
  id: 'run-head', startedAt: '2026-01-01T10:00:00.000Z', status: 'completed', provider: 'emulator', model: 'm', config: {}, plannedSamples: 0,
}

function summaryOf(r: RunInput) {
  return summarizeSamples(r.samples, new Map(r.suites.map((s) => [s.name, s.pass])), r.suites.map((s) => ({ name: s.name, variants: s.variants })))
}

// Base: every case passes. Head: 8 of 40 capitals break, one case errors, a sweep suite with two variants.
const base = run('base', {
  capitals: { default: cases(40, 'PPPP') },
  levels: { low: cases(6, 'PPFF'), high: cases(6, 'PPPP') },
})
const head = run('head', {
  capitals: { default: cases(40, (i) => (i < 8 ? 'FFFF' : i === 8 ? 'EEEE' : 'PPPP')) },
  levels: { low: cases(6, 'PPFF'), high: cases(6, 'PPPP') },
})
head.samples = head.samples.map((s) => (s.outcome === 'fail' ? { ...s, output: 'Lyon <&> "x"\u0001', grades: [{ type: 'icontains', pass: false, score: 0, reason: 'expected "Paris"', weight: 1 }] } : s))
const comparison = compareRuns(base, head, { policy: DEFAULT_GATE })

describe('JUnit XML', () => {
  const xml = renderJunit({ meta, summary: summaryOf(head), samples: head.samples, comparison })
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml) as {
    testsuites: { '@tests': string; '@failures': string; '@errors': string; testsuite: Array<Record<string, unknown> & { testcase: Array<Record<string, unknown>> }> }
  }

  it('is well-formed XML with the testsuites > testsuite > testcase shape and consistent counts', () => {
    expect(XMLValidator.validate(xml)).toBe(true)
    const root = parsed.testsuites
    expect(root.testsuite.map((s) => s['@name'])).toEqual(['capitals', 'levels'])
    for (const suite of root.testsuite) {
      for (const attr of ['@name', '@tests', '@failures', '@errors', '@skipped', '@time', '@timestamp']) expect(suite).toHaveProperty(attr)
      expect(Number(suite['@tests'])).toBe(suite.testcase.length)
      expect(Number(suite['@failures'])).toBe(suite.testcase.filter((t) => 'failure' in t).length)
      expect(Number(suite['@errors'])).toBe(suite.testcase.filter((t) => 'error' in t).length)
      for (const t of suite.testcase) {
        expect(t).toHaveProperty('@name')
        expect(t).toHaveProperty('@classname')
        expect(Number(t['@time'])).toBeGreaterThanOrEqual(0)
      }
    }
    const total = (k: '@tests' | '@failures' | '@errors'): number => root.testsuite.reduce((a, s) => a + Number(s[k]), 0)
    expect(Number(root['@tests'])).toBe(total('@tests'))
    expect(Number(root['@failures'])).toBe(total('@failures'))
    expect(Number(root['@errors'])).toBe(total('@errors'))
  })

  it('makes failing cases failures, cases without output errors (never failures), and adds a failing gate testcase', () => {
    const capitals = parsed.testsuites.testsuite[0]!
    expect(capitals['@tests']).toBe('41') // 40 cases + the gate
    expect(capitals['@failures']).toBe('9') // 8 broken cases + the gate
    expect(capitals['@errors']).toBe('1')
    const broken = capitals.testcase.find((t) => t['@name'] === 'c0')!
    const failure = broken.failure as Record<string, string>
    expect(failure['@message']).toMatch(/0 passed, 4 failed.*was pass in the baseline/)
    expect(failure['#text']).toContain('output "Lyon <&> \\"x\\"') // escaped in the file, intact when read back
    expect(xml).toContain('Lyon &lt;&amp;&gt;')
    expect(capitals.testcase.find((t) => t['@name'] === 'c8')).toHaveProperty('error')
    const gate = capitals.testcase.find((t) => t['@classname'] === 'capitals.gate')!
    expect((gate.failure as Record<string, string>)['@type']).toBe('regression')
  })

  it('names variants in testcase names and passes the gate of unchanged units', () => {
    const levels = parsed.testsuites.testsuite[1]!
    expect(levels.testcase.map((t) => t['@name'])).toEqual(expect.arrayContaining(['c0 [low]', 'c0 [high]', 'gate levels/low']))
    expect(levels.testcase.filter((t) => String(t['@classname']).endsWith('.gate')).every((t) => !('failure' in t))).toBe(true)
  })
})

describe('Markdown and terminal', () => {
  const sweeps = sweepRun(head)

  it('renders a PR comment with the verdict, the table, the flipped cases and the sweep', () => {
    const md = renderMarkdown({ meta, summary: summaryOf(head), reasons: [], exitCode: 1, comparison, sweeps })
    expect(md).toMatch(/^## evals ❌ regression/)
    expect(md).toContain('| capitals | default | 39 |')
    expect(md).toContain('**REGRESSION**')
    expect(md).toContain('<summary>Flipped cases (9)</summary>')
    expect(md).toContain('`capitals/c0`: pass 4/4 → fail 0/4')
    expect(md).toContain('### Sweep `levels`')
    expect(md).toMatch(/\| low \| 50\.0% \(.*\) \|.*\| dominated by high \|/)
  })

  it('renders a run without a baseline as a summary table', () => {
    const md = renderMarkdown({ meta, summary: summaryOf(head), reasons: ['run: pass rate 50.0% is below minPassRate 60.0%'], exitCode: 1, sweeps: [] })
    expect(md).toMatch(/^## evals ❌ failed/)
    expect(md).toContain('| **total** |')
    expect(md).toContain('- ❌ run: pass rate 50.0% is below minPassRate 60.0%')
  })

  it('prints the verdict loudly in the terminal, and the same text twice', () => {
    const text = renderComparison(comparison)
    expect(text).toContain('GATE: ✗ REGRESSION')
    expect(text).toContain('↓ capitals/c0: pass 4/4 → fail 0/4')
    expect(renderComparison(compareRuns(base, head, { policy: DEFAULT_GATE }))).toBe(text)
    expect(renderSweeps(sweeps)).toMatch(/low → high: \+50\.0 pts/)
  })

  it('says inconclusive loudly, with the cases it would need', () => {
    const small = compareRuns(run('a', { s: { default: cases(10, 'PPPP') } }), run('b', { s: { default: cases(10, (i) => (i < 2 ? 'FFFF' : 'PPPP')) } }), { policy: DEFAULT_GATE })
    const text = renderComparison(small)
    expect(text).toContain('GATE: ? INCONCLUSIVE — not enough evidence to tell (exit 0; --strict makes it fail)')
    expect(text).toMatch(/about \d+ cases would be needed \(have 10\)/)
  })
})

