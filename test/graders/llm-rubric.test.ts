import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JudgeConfig, ResolvedAssertion } from '../../src/config/index.js'
import { createRunwareProvider, parseEmulatorScript, startEmulator, type EmulatorHandle, type RunwareProvider } from '../../src/provider/index.js'
import { createGrader, judgePrompt, judgeRequest, type Judge } from '../../src/graders/index.js'
import { context } from './helpers.js'

/**
 * The judge over real HTTP against the emulator, whose script gives the verdicts: rules match
 * the judge's prompt (the rendered rubric and the output) and answer with verdict objects.
 */
const SCRIPT = `
responses:
  - match: "<rubric>\\\\nNames (\\\\w+) as the capital\\\\.\\\\n</rubric>[\\\\s\\\\S]*<output>\\\\n\\\\1\\\\n</output>"
    answer: { pass: true, score: 0.9, reason: Names the right city. }
  - match: "<rubric>\\\\nNames \\\\w+ as the capital\\\\."
    answer: { pass: false, score: 0.1, reason: Names another city. }
  - match: STRICT
    answer: { pass: true, score: 0.6, reason: Mostly right. }
  - match: GENEROUS
    answer: { pass: false, score: 0.8, reason: Not quite. }
  - match: COIN
    answer: { pass: true, score: 0.9, reason: heads }
    wrong: [{ pass: false, score: 0.2, reason: tails }]
    accuracy: 0.5
  - match: BROKEN
    answer: I think it is fine.
  - match: OUT-OF-RANGE
    answer: { pass: true, score: 7, reason: seven out of ten }
`

const CONFIG: JudgeConfig = { model: 'openai:gpt@5-mini', settings: { maxTokens: 2048, thinkingLevel: 'low' }, seed: 7, threshold: 0.5 }

let emulator: EmulatorHandle
let client: RunwareProvider
let judge: Judge

beforeAll(async () => {
  emulator = await startEmulator({ script: parseEmulatorScript(SCRIPT) })
  client = createRunwareProvider({ id: 'emulator', baseUrl: emulator.url, apiKey: 'test-key', timeoutMs: 5_000 })
  judge = { provider: client, config: CONFIG }
})

afterAll(async () => {
  await client.close()
  await emulator.close()
})

function rubric(value: string, extra: Record<string, unknown> = {}): ResolvedAssertion {
  return { type: 'llm-rubric', value, samples: 1, weight: 1, ...extra } as ResolvedAssertion
}

async function grade(assertion: ResolvedAssertion, output: string, vars: Record<string, unknown> = {}, j: Judge | null = judge) {
  return createGrader(j ? { judge: j } : {}).gradeSample([assertion], context(output, vars))
}

describe('llm-rubric against the scripted emulator', () => {
  it('renders the rubric over the case vars and sends the output; the judge score decides', async () => {
    const right = await grade(rubric('Names {{expected}} as the capital.'), 'Paris', { expected: 'Paris' })
    expect(right.error).toBeUndefined()
    expect(right.grades[0]).toMatchObject({
      type: 'llm-rubric', pass: true, score: 0.9, weight: 1,
      reason: 'judge score ≥ 0.5; judge: "Names the right city."',
    })
    const wrong = await grade(rubric('Names {{expected}} as the capital.'), 'Lyon', { expected: 'Paris' })
    expect(wrong.grades[0]).toMatchObject({ pass: false, score: 0.1, reason: 'expected judge score ≥ 0.5, found score 0.1; judge: "Names another city."' })
  })

  it('records the judge usage, cost and latency on the grade, apart from the sample', async () => {
    const { grades } = await grade(rubric('Names {{expected}} as the capital.'), 'Paris', { expected: 'Paris' })
    const record = grades[0]!.judge!
    expect(record).toMatchObject({ model: 'openai:gpt@5-mini', calls: 1, agreement: 1 })
    expect(record.usage!.promptTokens).toBeGreaterThan(40)
    expect(record.usage!.thinkingTokens).toBeGreaterThan(0)
    const { promptTokens, completionTokens, thinkingTokens } = record.usage!
    expect(record.costUsd).toBeCloseTo(promptTokens * 0.25e-6 + (completionTokens + thinkingTokens) * 2e-6, 12)
    expect(record.latencyMs).toBeGreaterThan(0)
  })

  it('derives pass from score and threshold, never from the judge\'s own pass, and says when they disagree', async () => {
    const strict = await grade(rubric('STRICT', { threshold: 0.7 }), 'x')
    expect(strict.grades[0]).toMatchObject({ pass: false, score: 0.6 })
    expect(strict.grades[0]!.reason).toContain("the judge's own pass=true disagrees with its score 0.6 against threshold 0.7; the score decides")
    const generous = await grade(rubric('GENEROUS'), 'x')
    expect(generous.grades[0]).toMatchObject({ pass: true, score: 0.8 })
    expect(generous.grades[0]!.reason).toContain("the judge's own pass=false disagrees with its score 0.8")
  })

  it('uses the project judge threshold unless the assertion sets one', async () => {
    const lenient = await grade(rubric('STRICT'), 'x', {}, { ...judge, config: { ...CONFIG, threshold: 0.6 } })
    expect(lenient.grades[0]!.pass).toBe(true)
    const demanding = await grade(rubric('STRICT'), 'x', {}, { ...judge, config: { ...CONFIG, threshold: 0.95 } })
    expect(demanding.grades[0]!.pass).toBe(false)
  })

  it('with samples: k, takes the majority of k answers and records the agreement', async () => {
    const seen = { mixed: 0, pass: 0, fail: 0 }
    for (let seed = 1; seed <= 12; seed++) {
      const j: Judge = { ...judge, config: { ...CONFIG, seed } }
      const { grades } = await grade(rubric('COIN', { samples: 3 }), 'x', {}, j)
      // The same 3 answers, asked directly: the grade must be their majority.
      const raw = await client.generate(judgeRequest(j.config, judgePrompt('COIN', 'x'), seed, 3))
      const heads = raw.results.filter((r) => JSON.parse(r.text).score === 0.9).length
      const g = grades[0]!
      expect(g.pass).toBe(heads >= 2)
      expect(g.score).toBe(heads >= 2 ? 0.9 : 0.2)
      expect(g.judge).toMatchObject({ calls: 3, agreement: (g.pass ? heads : 3 - heads) / 3 })
      expect(g.reason).toContain(`${g.pass ? heads : 3 - heads}/3 answers agree`)
      if (heads === 1 || heads === 2) seen.mixed++
      seen[g.pass ? 'pass' : 'fail']++
    }
    expect(seen.mixed).toBeGreaterThan(0)
    expect(seen.pass).toBeGreaterThan(0)
    expect(seen.fail).toBeGreaterThan(0)
  })

  it('asks for more than 4 answers in several requests and sums their cost', async () => {
    const one = (await grade(rubric('COIN'), 'x')).grades[0]!.judge!
    const six = (await grade(rubric('COIN', { samples: 6 }), 'x')).grades[0]!.judge!
    expect(six.calls).toBe(6)
    expect(six.usage!.promptTokens).toBe(6 * one.usage!.promptTokens)
    expect(six.costUsd).toBeGreaterThan(5 * one.costUsd!)
  })
})

describe('llm-rubric when the judge cannot give a verdict', () => {
  it('makes the sample an error (not a fail) when the answer is not a verdict, keeping what the judge cost', async () => {
    for (const [marker, detail] of [['BROKEN', 'not JSON'], ['OUT-OF-RANGE', 'score: Too big']] as const) {
      const { grades, error } = await grade(rubric(marker), 'x')
      expect(error).toMatchObject({ kind: 'grader', code: 'JUDGE_INVALID_VERDICT' })
      expect(error!.message).toContain(detail)
      expect(grades[0]).toMatchObject({ pass: false, score: 0 })
      expect(grades[0]!.reason).toMatch(/^judge error: the judge gave no usable verdict/)
      expect(grades[0]!.judge!.costUsd).toBeGreaterThan(0)
    }
  })

  it('makes the sample an error when the judge request fails, with the provider\'s reason', async () => {
    const { grades, error } = await grade(rubric('x'), 'x', {}, { ...judge, config: { ...CONFIG, model: 'no:such-model' } })
    expect(error).toMatchObject({ kind: 'grader', code: 'JUDGE_REQUEST_FAILED' })
    expect(error!.message).toMatch(/^judge request failed: validation invalidModel: .*no:such-model/)
    expect(grades[0]!.pass).toBe(false)
  })

  it('makes the sample an error when no judge was given', async () => {
    const { error } = await grade(rubric('x'), 'x', {}, null)
    expect(error).toMatchObject({ kind: 'grader', code: 'JUDGE_MISSING' })
  })

  it('keeps the other grades of the sample', async () => {
    const { grades, error } = await createGrader({ judge }).gradeSample(
      [{ type: 'contains', value: 'x', weight: 1 } as ResolvedAssertion, rubric('BROKEN')], context('x'))
    expect(error?.code).toBe('JUDGE_INVALID_VERDICT')
    expect(grades.map((g) => g.pass)).toEqual([true, false])
  })
})
