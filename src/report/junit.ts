import type { RunMeta, SampleRecord } from '../core/index.js'
import type { CaseVerdict, Comparison, RunSummary, UnitComparison } from '../compare/index.js'
import { formatDifference, formatPValue } from './compare-format.js'

/**
 * JUnit XML (the common Jenkins/Surefire shape CI systems read): one <testsuite> per suite, one
 * <testcase> per case and variant. A failing case verdict is a <failure>, a case without any
 * usable output an <error> (errors are never failures). With a baseline, each compared suite ×
 * variant adds a `gate` testcase that fails on a regression.
 */
export interface JunitInput {
  meta: RunMeta
  summary: RunSummary
  samples: readonly SampleRecord[]
  comparison?: Comparison
}

const MAX_TEXT = 200

export function renderJunit(input: JunitInput): string {
  const samplesByCase = groupSamples(input.samples)
  const suites = input.summary.suites.map((s) => {
    const cases = input.summary.cases.filter((c) => c.suite === s.name)
    const testcases = cases.map((c) => caseXml(c, samplesByCase.get(caseKey(c)) ?? [], input.comparison))
    const gates = (input.comparison?.units ?? []).filter((u) => u.suite === s.name).map(gateXml)
    const all = [...testcases, ...gates]
    const counts = {
      tests: all.length,
      failures: all.filter((t) => t.kind === 'failure').length,
      errors: all.filter((t) => t.kind === 'error').length,
    }
    const time = all.reduce((a, t) => a + t.time, 0)
    const props = properties(input)
    return {
      counts, time,
      xml: `  <testsuite name="${attr(s.name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="0" ` +
        `time="${seconds(time)}" timestamp="${attr(input.meta.startedAt)}">\n${props}${all.map((t) => t.xml).join('')}  </testsuite>\n`,
    }
  })
  const total = (k: 'tests' | 'failures' | 'errors'): number => suites.reduce((a, s) => a + s.counts[k], 0)
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="evals ${attr(input.meta.id)}" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" ` +
    `skipped="0" time="${seconds(suites.reduce((a, s) => a + s.time, 0))}">\n${suites.map((s) => s.xml).join('')}</testsuites>\n`
}

interface Testcase {
  kind: 'ok' | 'failure' | 'error'
  time: number
  xml: string
}

function caseXml(c: CaseVerdict, samples: readonly SampleRecord[], comparison?: Comparison): Testcase {
  const time = samples.reduce((a, s) => a + (s.latencyMs ?? 0), 0)
  const name = c.variant === 'default' ? c.caseId : `${c.caseId} [${c.variant}]`
  const open = `    <testcase classname="${attr(c.suite)}" name="${attr(name)}" time="${seconds(time)}"`
  const counts = `${c.passed} passed, ${c.failed} failed, ${c.errors} errors of ${samples.length} samples`
  if (c.verdict === 'pass') return { kind: 'ok', time, xml: `${open}/>\n` }
  const kind = c.verdict === 'error' ? 'error' : 'failure'
  const body = samples.filter((s) => s.outcome !== 'pass').map(sampleLine).join('\n')
  const message = `${c.verdict === 'error' ? 'no usable output' : 'case failed'}: ${counts}${baselineNote(c, comparison)}`
  return { kind, time, xml: `${open}>\n      <${kind} type="${kind === 'error' ? 'error' : 'fail'}" message="${attr(message)}">${text(body)}</${kind}>\n    </testcase>\n` }
}

function baselineNote(c: CaseVerdict, comparison?: Comparison): string {
  if (!comparison) return ''
  const unit = comparison.units.find((u) => u.suite === c.suite && u.variant === c.variant)
  if (!unit) return ''
  const flip = unit.flipped.find((f) => f.caseId === c.caseId)
  if (flip) return `; was ${flip.from} in the baseline`
  return comparison.cases.added.some((r) => r.suite === c.suite && r.variant === c.variant && r.caseId === c.caseId)
    ? '; new case' : `; ${c.verdict} in the baseline too`
}

function sampleLine(s: SampleRecord): string {
  const where = `seed ${s.key.seed} #${s.key.resultIndex}`
  if (s.outcome === 'error') return `${where}: error ${s.error?.kind ?? ''} ${s.error?.code ?? ''}: ${cut(s.error?.message ?? '')}`
  const failed = s.grades.filter((g) => !g.pass && g.weight > 0).map((g) => `${g.type}: ${cut(g.reason)}`)
  return `${where}: fail, output ${JSON.stringify(cut(s.output ?? ''))}${failed.length ? ` (${failed.join('; ')})` : ''}`
}

function gateXml(u: UnitComparison): Testcase {
  const open = `    <testcase classname="${attr(`${u.suite}.gate`)}" name="${attr(`gate ${u.suite}/${u.variant}`)}" time="0"`
  const detail = `change ${formatDifference(u.analysis.difference)}, p = ${formatPValue(u.analysis.difference?.pWorse)}: ${u.decision.reason}`
  if (u.decision.status === 'regression') {
    return { kind: 'failure', time: 0, xml: `${open}>\n      <failure type="regression" message="${attr(`regression: ${detail}`)}"/>\n    </testcase>\n` }
  }
  const out = u.decision.status === 'inconclusive' ? `INCONCLUSIVE: ${detail}` : `pass: ${detail}`
  return { kind: 'ok', time: 0, xml: `${open}>\n      <system-out>${text(out)}</system-out>\n    </testcase>\n` }
}

function properties(input: JunitInput): string {
  const props: Array<[string, string]> = [['run', input.meta.id], ['provider', input.meta.provider], ['model', input.meta.model]]
  if (input.comparison) props.push(['baseline', input.comparison.base.label], ['gate', input.comparison.gate.status])
  return `    <properties>\n${props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>\n`).join('')}    </properties>\n`
}

function groupSamples(samples: readonly SampleRecord[]): Map<string, SampleRecord[]> {
  const out = new Map<string, SampleRecord[]>()
  for (const s of samples) {
    const k = caseKey({ suite: s.key.suite, caseId: s.key.caseId, variant: s.key.variant })
    const list = out.get(k)
    if (list) list.push(s)
    else out.set(k, [s])
  }
  return out
}

function caseKey(c: { suite: string; caseId: string; variant: string }): string {
  return `${c.suite}\u0000${c.caseId}\u0000${c.variant}`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

function cut(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s
}

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates) are dropped. */
function clean(s: string): string {
  return s.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')
}
