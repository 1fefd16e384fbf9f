import type { RunMeta } from '../core/index.js'
import type { Comparison, RunSummary, Sweep } from '../compare/index.js'
import {
  caseLabel, formatDifference, formatFlipCounts, formatFlips, formatMde, formatPValue, formatRateWithInterval, formatSide,
  statusLabel, unitCases,
} from './compare-format.js'
import { describeFlaky } from './comparison-terminal.js'
import { describeStep } from './sweep-terminal.js'
import { describeProvider, formatMs, formatRate, formatUsd } from './format.js'

/** A PR-comment-ready Markdown summary of a run, with its gate verdict when compared to a baseline. */
export interface MarkdownInput {
  meta: RunMeta
  summary: RunSummary
  /** Threshold reasons (absolute floors, error budget) of the run. */
  reasons: readonly string[]
  exitCode: number
  comparison?: Comparison
  sweeps: readonly Sweep[]
}

export function renderMarkdown(input: MarkdownInput): string {
  const { meta, comparison } = input
  const out: string[] = [`## evals ${headline(input)}`, '']
  out.push(`Run \`${meta.id}\` · ${esc(describeProvider(meta.provider))} · model \`${meta.model}\`` +
    (comparison ? ` · compared with ${esc(comparison.base.label)}` : ''), '')
  if (comparison) out.push(...comparisonSection(comparison))
  else out.push(...runTable(input.summary))
  if (input.reasons.length) out.push('', ...input.reasons.map((r) => `- ❌ ${esc(r)}`))
  if (input.sweeps.length) out.push('', ...sweepSection(input.sweeps))
  return `${out.join('\n')}\n`
}

function headline(input: MarkdownInput): string {
  const c = input.comparison
  if (c) {
    if (c.gate.status === 'regression') return '❌ regression'
    if (c.gate.breaches.length || input.exitCode !== 0) return '❌ failed'
    if (c.gate.status === 'inconclusive') return `⚠️ inconclusive${c.gate.failed ? ' (strict: failed)' : ''}`
    return '✅ pass'
  }
  return input.exitCode === 0 ? '✅ passed' : '❌ failed'
}

function runTable(summary: RunSummary): string[] {
  const rows = ['| suite | variant | samples | pass | fail | error | pass rate | cases passed |', '|---|---|--:|--:|--:|--:|--:|--:|']
  for (const s of summary.suites) {
    for (const v of s.variants) {
      const cases = summary.cases.filter((c) => c.suite === s.name && c.variant === v.name)
      rows.push(`| ${esc(s.name)} | ${esc(v.name)} | ${v.samples} | ${v.passed} | ${v.failed} | ${v.errors} | ${formatRate(v.passRate)} | ` +
        `${cases.filter((c) => c.verdict === 'pass').length}/${cases.length} |`)
    }
  }
  const t = summary.totals
  rows.push(`| **total** | | ${t.samples} | ${t.passed} | ${t.failed} | ${t.errors} | ${formatRate(t.passRate)} | | `)
  return rows
}

function comparisonSection(c: Comparison): string[] {
  const out = ['| suite | variant | cases | base | head | change [CI] | p (worse) | flips | MDE | gate |', '|---|---|--:|--:|--:|--:|--:|--:|--:|---|']
  for (const u of c.units) {
    out.push(`| ${esc(u.suite)} | ${esc(u.variant)} | ${unitCases(u)} | ${formatSide(u.base)} | ${formatSide(u.head)} | ` +
      `${formatDifference(u.analysis.difference)} | ${formatPValue(u.analysis.difference?.pWorse)} | ${formatFlips(u.analysis)} | ` +
      `${formatMde(u.analysis)} | ${u.decision.status === 'pass' ? 'pass' : `**${statusLabel(u.decision.status)}**`} |`)
  }
  out.push('', ...c.gate.reasons.map((r) => `- ${esc(r)}`), ...c.gate.breaches.map((b) => `- ❌ ${esc(b)}`))
  const flips = c.units.flatMap((u) => u.flipped)
  if (flips.length) {
    out.push('', `<details><summary>Flipped cases (${flips.length})</summary>`, '')
    for (const f of flips) out.push(`- ${f.from === 'pass' ? '🔻' : f.to === 'pass' ? '🔺' : '•'} \`${caseLabel(f)}\`: ${formatFlipCounts(f)}${f.flaky ? ' _(flaky)_' : ''}`)
    out.push('', '</details>')
  }
  if (c.cases.added.length || c.cases.removed.length) {
    out.push('', `Added cases: ${c.cases.added.length} · removed cases: ${c.cases.removed.length}` +
      ` (${[...c.cases.added.map((r) => `+${caseLabel(r)}`), ...c.cases.removed.map((r) => `−${caseLabel(r)}`)].slice(0, 20).map((x) => `\`${x}\``).join(', ')})`)
  }
  const changed = c.suites.filter((s) => s.changed)
  if (changed.length) out.push('', `Changed suites (compared case by case): ${changed.map((s) => `\`${s.name}\``).join(', ')}`)
  if (c.flaky.length) {
    out.push('', `<details><summary>Flaky cases (${c.flaky.length}, reported apart)</summary>`, '')
    for (const f of c.flaky) out.push(`- \`${caseLabel(f)}\`: ${describeFlaky(f)}`)
    out.push('', '</details>')
  }
  return out
}

function sweepSection(sweeps: readonly Sweep[]): string[] {
  const out: string[] = []
  for (const s of sweeps) {
    out.push(`### Sweep \`${s.suite}\``, '', '| variant | pass rate (95% CI) | cost/sample | cost/pass | p50 | p95 | thinking tokens | frontier |', '|---|--:|--:|--:|--:|--:|--:|---|')
    for (const v of s.variants) {
      out.push(`| ${esc(v.name)} | ${formatRateWithInterval(v.passRate, v.interval)} | ${formatUsd(v.costPerSample)} | ${formatUsd(v.costPerPass)} | ` +
        `${formatMs(v.latencyP50Ms)} | ${formatMs(v.latencyP95Ms)} | ${v.meanThinkingTokens === null ? '–' : Math.round(v.meanThinkingTokens)} | ` +
        `${v.dominatedBy ? `dominated by ${esc(v.dominatedBy)}` : 'on the frontier'} |`)
    }
    out.push('', ...s.steps.map((step) => `- ${esc(describeStep(step))}`), '')
  }
  return out
}

/** Keep table cells intact: escape pipes and drop newlines. */
function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}
