/**
 * Scripted answers: the first response rule whose regex matches the last user message
 * answers it, correctly or not according to a draw.
 *
 * The draw u is a hash of (rule index, seed + resultIndex, messages, systemPrompt) in [0, 1)
 * (with `drawKey: capture`: of seed + resultIndex and capture group 1 only),
 * and the answer is correct iff u < accuracy[thinkingLevel]. u does not depend on the
 * thinking level, so with accuracy rising with the level, a sample that is right at `low`
 * is also right at `high` for the same seed: paired comparisons are monotone.
 */
import { unitHash } from './draw.js'
import type { AnswerValue, EmulatorScript, ResponseRule } from './script.js'

export interface CompiledRule {
  index: number
  rule: ResponseRule
  regex: RegExp
}

/** What the draw of one result is keyed on. */
export interface DrawKey {
  /** seed + resultIndex */
  seed: number
  messages: unknown
  systemPrompt: string
}

export function compileRules(script: EmulatorScript): CompiledRule[] {
  return script.responses.map((rule, index) => ({ index, rule, regex: new RegExp(rule.match, rule.flags) }))
}

/** The scripted answer text for a prompt, or undefined when no rule matches. */
export function scriptedAnswer(
  rules: readonly CompiledRule[],
  prompt: string,
  level: string,
  levels: readonly string[],
  key: DrawKey,
): string | undefined {
  for (const { index, rule, regex } of rules) {
    const m = regex.exec(prompt)
    if (!m) continue
    const correct = correctAnswer(rule, m[1])
    if (correct === undefined) continue
    const on = drawParts(rule, index, m[1], key)
    if (unitHash('draw', ...on) < accuracyAt(rule.accuracy, level, levels)) return answerText(correct)
    return answerText(wrongAnswer(rule, correct, unitHash('wrong', ...on)))
  }
  return undefined
}

/**
 * What a rule's draw is keyed on: by default the rule and the whole request; with
 * `drawKey: capture` only the seed and the (normalised) capture, so a reworded prompt matched by
 * another such rule is right or wrong for the same cases as before.
 */
function drawParts(rule: ResponseRule, index: number, capture: string | undefined, key: DrawKey): unknown[] {
  if (rule.drawKey === 'capture') return ['capture', key.seed, (capture ?? '').trim().toLowerCase()]
  return [index, key.seed, key.messages, key.systemPrompt]
}

function correctAnswer(rule: ResponseRule, capture: string | undefined): AnswerValue | undefined {
  if (rule.answer !== undefined) return rule.answer
  if (!rule.lookup || capture === undefined) return undefined
  const wanted = capture.trim()
  if (Object.hasOwn(rule.lookup, wanted)) return rule.lookup[wanted]
  const key = Object.keys(rule.lookup).find((k) => k.toLowerCase() === wanted.toLowerCase())
  return key === undefined ? undefined : rule.lookup[key]
}

/** A `wrong` item; without any, another lookup value, else a refusal-like sentence. */
function wrongAnswer(rule: ResponseRule, correct: AnswerValue, u: number): AnswerValue {
  const correctText = answerText(correct)
  let pool = rule.wrong
  if (pool.length === 0 && rule.lookup) pool = Object.values(rule.lookup).filter((v) => answerText(v) !== correctText)
  if (pool.length === 0) return "I'm not sure."
  return pool[Math.floor(u * pool.length)]!
}

/** Strings as they are; everything else as JSON text. */
export function answerText(value: AnswerValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * P(correct) at a level: the number itself, the level's entry, else the nearest lower
 * level given, else (nothing lower) the lowest level given; 1 when nothing applies.
 */
export function accuracyAt(accuracy: number | Record<string, number>, level: string, levels: readonly string[]): number {
  if (typeof accuracy === 'number') return accuracy
  if (Object.hasOwn(accuracy, level)) return accuracy[level]!
  const at = levels.indexOf(level)
  for (let i = at - 1; i >= 0; i--) {
    const lower = levels[i]!
    if (Object.hasOwn(accuracy, lower)) return accuracy[lower]!
  }
  const lowest = levels.find((l) => Object.hasOwn(accuracy, l))
  return lowest === undefined ? 1 : accuracy[lowest]!
}
