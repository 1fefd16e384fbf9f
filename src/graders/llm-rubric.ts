import { RUBRIC_OUTPUT_VAR } from '../config/index.js'
import { clip } from './format.js'
import { askJudge, JudgeError, parseVerdict, type Judge, type JudgeVerdict } from './judge.js'
import type { AssertionOf, GraderFn, Verdict } from './types.js'

/**
 * llm-rubric: the judge grades the output against a rubric (a template over the case vars
 * and `{{output}}`). The grade's score is the judge's score (with `samples: k`, the lower
 * median of the k scores) and it passes when that score reaches the threshold, which is the
 * same as a strict majority of the answers reaching it. The judge's own `pass` field never
 * decides: when it disagrees with its score, the grade says so.
 */

export function createRubricGrader(judge: Judge | undefined): GraderFn<AssertionOf<'llm-rubric'>> {
  return async (assertion, ctx) => {
    if (!judge) throw new JudgeError('JUDGE_MISSING', 'llm-rubric needs a judge and the grader has none')
    const rubric = ctx.render(assertion.value, { [RUBRIC_OUTPUT_VAR]: ctx.output })
    const threshold = assertion.threshold ?? judge.config.threshold
    const { texts, record } = await askJudge(judge, judgePrompt(rubric, ctx.output), assertion.samples)
    const answers = Array.from({ length: assertion.samples }, (_, i) => (i < texts.length ? parseVerdict(texts[i]!) : { error: 'no answer' }))
    const decided = decide(answers, threshold)
    if (!decided) {
      throw new JudgeError('JUDGE_INVALID_VERDICT', `the judge gave no usable verdict: ${answers[0]?.error ?? 'no answer'}`, record)
    }
    return { ...decided, judge: { ...record, agreement: decided.agreement } }
  }
}

/** The judge's user message: the rubric, then the output to grade. */
export function judgePrompt(rubric: string, output: string): string {
  return `Grade the output against the rubric.\n\n<rubric>\n${rubric}\n</rubric>\n\n<output>\n${output}\n</output>`
}

const EPSILON = 1e-9

/** The verdict of k answers, or undefined when none is usable. */
export function decide(
  answers: ReadonlyArray<{ verdict?: JudgeVerdict; error?: string }>,
  threshold: number,
): (Verdict & { agreement: number }) | undefined {
  const usable = answers.flatMap((a) => (a.verdict ? [a.verdict] : []))
  if (usable.length === 0) return undefined
  const passes = (v: JudgeVerdict): boolean => v.score >= threshold - EPSILON
  const deciding = [...usable].sort((a, b) => a.score - b.score)[Math.ceil(usable.length / 2) - 1]!
  const pass = passes(deciding)
  const agreeing = usable.filter((v) => passes(v) === pass).length
  const notes = [`judge: ${JSON.stringify(clip(deciding.reason ?? ''))}`]
  if (answers.length > 1) notes.push(`${agreeing}/${usable.length} answers agree`)
  const unusable = answers.filter((a) => !a.verdict)
  if (unusable.length) notes.push(`${unusable.length} of ${answers.length} answers unusable (${unusable[0]!.error})`)
  const contradicting = usable.filter((v) => v.pass !== undefined && v.pass !== passes(v))
  if (contradicting.length) {
    const v = contradicting[0]!
    notes.push(`the judge's own pass=${v.pass} disagrees with its score ${v.score} against threshold ${threshold}` +
      `${contradicting.length > 1 ? ` (${contradicting.length} answers)` : ''}; the score decides`)
  }
  return {
    pass,
    score: deciding.score,
    expected: `judge score ≥ ${threshold}`,
    found: `score ${deciding.score}`,
    note: notes.join('; '),
    agreement: agreeing / usable.length,
  }
}
