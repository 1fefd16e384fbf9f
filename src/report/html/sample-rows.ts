import type { JudgeRecord, SampleRecord } from '../../core/index.js'
import { formatMs, formatRate, formatUsd } from '../format.js'
import { wordDiff, type SideBySide } from './word-diff.js'

/**
 * One sample as the per-case view shows it: outcome, measurements, tool calls, every grade
 * (with the judge's share apart), and its output beside the baseline's with a word-level diff.
 * Every string here is untrusted or derived from untrusted text: the template escapes it.
 */

export interface GradeRow {
  type: string
  verdict: 'pass' | 'fail'
  score: string
  reason: string
  /** The judge's model, answers, agreement, tokens, cost and latency ('' without a judge). */
  judge: string
  /** '' or e.g. "weight 0: not counted". */
  weight: string
}

export interface SampleRow {
  label: string
  outcome: string
  /** The paired baseline sample's outcome when it differs ('' when the same or without one). */
  baseOutcome: string
  /** Finish reason, tokens, cost, latency, time to first token, attempts. */
  detail: string
  error: string
  /** The output when no diff is shown. */
  output: string
  /** Baseline and this run side by side, differing words marked (null: nothing to compare). */
  diff: SideBySide | null
  /** One line about the comparison of the outputs ('' without a baseline). */
  diffNote: string
  toolCalls: Array<{ name: string; args: string }>
  grades: GradeRow[]
}

/** `baseFromFile`: baseline outputs were cut by the baseline file (ending in "…"). */
export function sampleRow(s: SampleRecord, base: SampleRecord | undefined, baseFromFile: boolean): SampleRow {
  const compared = compareOutputs(s.output, base?.output, baseFromFile)
  return {
    label: `seed ${s.key.seed} #${s.key.resultIndex}`,
    outcome: s.outcome,
    baseOutcome: base && base.outcome !== s.outcome ? base.outcome : '',
    detail: sampleDetail(s),
    // A grader error (the judge failed) keeps the output: both are shown.
    error: s.error ? `${s.error.kind} ${s.error.code}${s.error.status ? ` (HTTP ${s.error.status})` : ''}: ${s.error.message}${s.error.parameter ? ` [${s.error.parameter}]` : ''}` : '',
    output: compared.diff ? '' : (s.output ?? ''),
    diff: compared.diff,
    diffNote: base ? compared.note : '',
    toolCalls: (s.toolCalls ?? []).map((c) => ({ name: c.name, args: JSON.stringify(c.arguments) })),
    grades: s.grades.map((g) => ({
      type: g.type,
      verdict: g.pass ? 'pass' : 'fail',
      score: g.score.toFixed(2),
      reason: g.reason,
      judge: judgeDetail(g.judge),
      weight: g.weight === 1 ? '' : g.weight === 0 ? 'weight 0: not counted' : `weight ${g.weight}`,
    })),
  }
}

function compareOutputs(head: string | undefined, base: string | undefined, baseFromFile: boolean): { diff: SideBySide | null; note: string } {
  if (base === undefined) return { diff: null, note: 'the baseline sample has no output' }
  if (head === undefined) return { diff: null, note: `baseline output: ${base}` }
  const cut = baseFromFile && base.endsWith('…') && head.length >= base.length ? base.length - 1 : null
  const headPart = cut === null ? head : head.slice(0, cut)
  const basePart = cut === null ? base : base.slice(0, cut)
  const note = cut === null ? '' : ` (the baseline file keeps the first ${cut} characters; only those are compared)`
  if (headPart === basePart) return { diff: null, note: `same as the baseline${note}` }
  const diff = wordDiff(basePart, headPart)
  if (cut !== null && head.length > cut) diff.head.push({ t: head.slice(cut), d: false })
  const words = diff.removed + diff.added === 0 ? 'differs from the baseline in whitespace only'
    : `${diff.removed} word${diff.removed === 1 ? '' : 's'} removed, ${diff.added} added`
  return { diff, note: `${words}${note}` }
}

function sampleDetail(s: SampleRecord): string {
  const usage = s.usage
    ? `${s.usage.promptTokens} prompt · ${s.usage.completionTokens} completion · ${s.usage.thinkingTokens} thinking tokens`
    : ''
  const cost = s.cached ? `cached (saved ${formatUsd(s.savedCostUsd ?? null)})` : s.costUsd === undefined ? '' : formatUsd(s.costUsd)
  return [
    s.finishReason ?? '',
    usage,
    cost,
    s.latencyMs === undefined || s.cached ? '' : formatMs(s.latencyMs),
    s.ttftMs === undefined || s.cached ? '' : `first token ${formatMs(s.ttftMs)}`,
    s.attempts > 1 ? `${s.attempts} attempts` : '',
  ].filter(Boolean).join(' · ')
}

/** "judge openai:gpt@5-mini · 3 answers, 67% agree · 312 tokens · $0.00041 · 12 ms" (the judge's share of a grade). */
export function judgeDetail(j: JudgeRecord | undefined): string {
  if (!j) return ''
  const answers = `${j.calls} answer${j.calls === 1 ? '' : 's'}${j.calls > 1 && j.agreement !== undefined ? `, ${formatRate(j.agreement)} agree` : ''}`
  const tokens = j.usage ? `${j.usage.promptTokens + j.usage.completionTokens + j.usage.thinkingTokens} tokens` : ''
  return ['judge ' + j.model, answers, tokens, formatUsd(j.costUsd ?? null), formatMs(j.latencyMs)].filter(Boolean).join(' · ')
}
