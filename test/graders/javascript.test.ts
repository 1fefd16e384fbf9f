import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gradeOne } from './helpers.js'

const usage = { promptTokens: 5, completionTokens: 7, totalTokens: 12, thinkingTokens: 30 }

describe('javascript, inline', () => {
  it.each([
    ['output.length < 10', 'Paris', true],
    ['output.length < 10', 'A long answer indeed', false],
    ['output.includes(vars.expected)', 'Paris, France', true],
    ['sample.finishReason === "stop" && sample.usage.thinkingTokens < 100', 'x', true],
    ['const words = output.split(" ")\nreturn words.length === 2', 'two words', true],
    ['await Promise.resolve(output === "Paris")', 'Paris', true],
  ])('%j on %j passes: %s', async (value, output, pass) => {
    const grade = await gradeOne({ type: 'javascript', value }, output, { expected: 'Paris' }, { finishReason: 'stop', usage })
    expect(grade).toMatchObject({ pass, score: pass ? 1 : 0 })
  })

  it('takes a number as the score, passing at the threshold (default 0.5)', async () => {
    expect(await gradeOne({ type: 'javascript', value: '0.5' }, 'x')).toMatchObject({ pass: true, score: 0.5 })
    expect(await gradeOne({ type: 'javascript', value: '0.6', threshold: 0.7 }, 'x')).toMatchObject({ pass: false, score: 0.6 })
  })

  it('takes {pass, score, reason}: pass decides when given, else the score against the threshold', async () => {
    const given = await gradeOne({ type: 'javascript', value: '({ pass: false, score: 0.9, reason: "too polite" })' }, 'x')
    expect(given).toMatchObject({ pass: false, score: 0.9 })
    expect(given.reason).toMatch(/; too polite$/)
    expect(await gradeOne({ type: 'javascript', value: '({ score: 0.4 })' }, 'x')).toMatchObject({ pass: false, score: 0.4 })
  })

  it.each([
    ['"yes"', /returned "yes"; expected a boolean, a score 0\.\.1 or \{pass, score, reason\}/],
    ['1.5', /expected a score between 0 and 1, found 1\.5/],
    ['({ reason: "x" })', /returned an object without pass or score/],
    ['vars.nope.deeper', /^grader error: Cannot read properties of undefined/],
  ])('%j is a failing grade that says why', async (value, reason) => {
    const grade = await gradeOne({ type: 'javascript', value }, 'x')
    expect(grade).toMatchObject({ pass: false, score: 0 })
    expect(grade.reason).toMatch(reason)
  })
})

describe('javascript, a function in a file', () => {
  let root: string
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'evals-js-'))
    fs.mkdirSync(path.join(root, 'checks'))
    fs.writeFileSync(path.join(root, 'checks', 'grade.mjs'), [
      'export default (output, { vars }) => output.trim() === vars.expected',
      'export async function scored(output, { sample }) {',
      '  return { score: sample.costUsd < 0.01 ? 1 : 0, reason: `cost ${sample.costUsd}` }',
      '}',
      'export const notAFunction = 3',
    ].join('\n'))
  })
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

  const file = 'checks/grade.mjs'

  it('calls the default export with the output and {vars, sample}', async () => {
    expect((await gradeOne({ type: 'javascript', file }, 'Paris\n', { expected: 'Paris' }, {}, { root })).pass).toBe(true)
    expect((await gradeOne({ type: 'javascript', file }, 'Lyon', { expected: 'Paris' }, {}, { root })).pass).toBe(false)
  })

  it('calls a named export, which may be async', async () => {
    const grade = await gradeOne({ type: 'javascript', file, function: 'scored' }, 'x', {}, { costUsd: 0.002 }, { root })
    expect(grade).toMatchObject({ pass: true, score: 1 })
    expect(grade.reason).toBe('javascript checks/grade.mjs#scored scores ≥ 0.5; cost 0.002')
  })

  it('fails the grade when the export is not a function', async () => {
    const grade = await gradeOne({ type: 'javascript', file, function: 'notAFunction' }, 'x', {}, {}, { root })
    expect(grade.reason).toBe('grader error: checks/grade.mjs exports no function "notAFunction"')
  })
})
