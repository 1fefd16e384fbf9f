import Table from 'cli-table3'
import type { Comparison, FlakyCase, GateVerdict } from '../compare/index.js'
import {
  caseLabel, formatConfidence, formatDifference, formatFlipCounts, formatFlips, formatMde, formatPValue, formatSide,
  statusLabel, unitCases,
} from './compare-format.js'
import { describeProvider } from './format.js'

const HEAD = ['suite', 'variant', 'cases', 'base pass rate', 'head pass rate', 'change [CI]', 'p (worse)', 'flips', 'MDE', 'gate']
const MAX_LISTED = 20
const MAX_FLAKY = 10

/** The comparison as terminal text: the per suite × variant table, flips, changes, flaky cases and the verdict. */
export function renderComparison(c: Comparison): string {
  const lines = [
    `Compare ${c.base.label} → ${c.head.label}  ·  ${describeProvider(c.head.provider)}`,
  ]
  if (c.base.provider !== c.head.provider || c.base.model !== c.head.model) {
    lines.push(`! base is ${c.base.provider} ${c.base.model}, head is ${c.head.provider} ${c.head.model}`)
  }
  if (c.units.length) lines.push(unitTable(c))
  lines.push(...flippedLines(c), ...changeLines(c), ...flakyLines(c.flaky))
  lines.push('', ...renderGateVerdict(c.gate))
  return lines.join('\n')
}

function unitTable(c: Comparison): string {
  const table = new Table({ head: HEAD, style: { head: [], border: [] } })
  for (const u of c.units) {
    table.push([
      u.suite, u.variant, unitCases(u), formatSide(u.base), formatSide(u.head), formatDifference(u.analysis.difference),
      formatPValue(u.analysis.difference?.pWorse), formatFlips(u.analysis), formatMde(u.analysis), statusLabel(u.decision.status),
    ])
  }
  const confidences = [...new Set(c.units.map((u) => formatConfidence(u.settings.unitConfidence)))].join(', ')
  return `${table.toString()}\nchange: head − base, per-case pass rates, ${confidences} paired bootstrap interval; p: exact sign-flip test; ` +
    'MDE: smallest drop these cases detect 80% of the time'
}

function flippedLines(c: Comparison): string[] {
  const flips = c.units.flatMap((u) => u.flipped)
  if (!flips.length) return []
  const stable = flips.filter((f) => !f.flaky)
  const flaky = flips.filter((f) => f.flaky)
  const out: string[] = []
  const list = (title: string, items: typeof flips, note = ''): void => {
    if (!items.length) return
    out.push('', `${title} (${items.length}${note}):`)
    for (const f of items.slice(0, MAX_LISTED)) out.push(`  ${f.from === 'pass' ? '↓' : f.to === 'pass' ? '↑' : '·'} ${caseLabel(f)}: ${formatFlipCounts(f)}`)
    if (items.length > MAX_LISTED) out.push(`  … and ${items.length - MAX_LISTED} more (--json lists all)`)
  }
  list('Flipped cases', stable)
  list('Flipped cases that are flaky', flaky, ', reported apart')
  return out
}

function changeLines(c: Comparison): string[] {
  const out: string[] = []
  const compared = new Set(c.suites.filter((s) => s.status === 'compared').map((s) => s.name))
  const refs = (items: typeof c.cases.added): string =>
    items.slice(0, MAX_LISTED).map(caseLabel).join(', ') + (items.length > MAX_LISTED ? `, … (${items.length} in all)` : '')
  const added = c.cases.added.filter((r) => compared.has(r.suite))
  const removed = c.cases.removed.filter((r) => compared.has(r.suite))
  if (added.length) out.push(`Added cases (${added.length}, not in the base): ${refs(added)}`)
  if (removed.length) out.push(`Removed cases (${removed.length}, not in the head): ${refs(removed)}`)
  for (const s of c.suites) {
    if (s.status !== 'compared') {
      const n = (s.status === 'added' ? c.cases.added : c.cases.removed).filter((r) => r.suite === s.name).length
      out.push(`Suite ${s.name} (${n} cases) is only in the ${s.status === 'added' ? 'head' : 'base'}: not compared`)
      continue
    }
    if (s.changed) out.push(`Suite ${s.name} changed (prompt, settings or cases): compared case by case`)
    if (s.variantsAdded.length) out.push(`Suite ${s.name}: variants only in the head: ${s.variantsAdded.join(', ')}`)
    if (s.variantsRemoved.length) out.push(`Suite ${s.name}: variants only in the base: ${s.variantsRemoved.join(', ')}`)
  }
  return out.length ? ['', ...out] : []
}

function flakyLines(flaky: readonly FlakyCase[]): string[] {
  if (!flaky.length) return []
  const out = ['', `Flaky cases (${flaky.length}; samples disagree in the base, or the verdict flipped in past runs):`]
  for (const f of flaky.slice(0, MAX_FLAKY)) out.push(`  ${caseLabel(f)}: ${describeFlaky(f)}`)
  if (flaky.length > MAX_FLAKY) out.push(`  … and ${flaky.length - MAX_FLAKY} more (--json or --markdown list all)`)
  return out
}

export function describeFlaky(f: FlakyCase): string {
  const parts: string[] = []
  if (f.sampleDisagreement !== null) parts.push(`${(f.sampleDisagreement * 100).toFixed(0)}% of base samples disagree`)
  if (f.historyFlipRate !== null) parts.push(`verdict flipped ${f.historyFlips}× over ${f.historyRuns} runs (${(f.historyFlipRate * 100).toFixed(0)}%)`)
  return parts.join('; ')
}

/** The verdict lines, loud: CI logs are skimmed. */
export function renderGateVerdict(gate: GateVerdict): string[] {
  const out: string[] = []
  if (gate.status === 'regression') out.push('GATE: ✗ REGRESSION')
  else if (gate.status === 'inconclusive') {
    out.push(`GATE: ? INCONCLUSIVE — not enough evidence to tell${gate.failed ? ' (strict: this fails)' : ' (exit 0; --strict makes it fail)'}`)
  } else out.push('GATE: ✓ pass — no regression beyond maxDrop')
  for (const r of gate.reasons) out.push(`  ${r}`)
  for (const b of gate.breaches) out.push(`  ✗ ${b}`)
  return out
}
