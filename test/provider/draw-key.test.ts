import { describe, expect, it } from 'vitest'
import { parseEmulatorScript } from '../../src/provider/index.js'
import { compileRules, scriptedAnswer } from '../../src/provider/emulator/answers.js'

/**
 * `drawKey: capture`: a rule's right/wrong draw depends on the seed and capture group 1 only, so a
 * reworded prompt answered by another such rule is right for the same cases (what the model
 * knows does not depend on the wording), and wrong only where the rule's answer differs.
 */
const SCRIPT = `
responses:
  - match: "capital of ([A-Za-z ]+)\\\\?"
    lookup: { France: Paris, Australia: Canberra }
    wrong: [Sydney, Lyon]
    accuracy: 0.5
    drawKey: capture
  - match: "main city of ([A-Za-z ]+)\\\\?"
    lookup: { France: Paris, Australia: Sydney }
    wrong: [Sydney, Lyon]
    accuracy: 0.5
    drawKey: capture
  - match: "chief town of ([A-Za-z ]+)\\\\?"
    lookup: { France: Paris, Australia: Canberra }
    wrong: [Sydney, Lyon]
    accuracy: 0.5
`

describe('emulator drawKey: capture', () => {
  const rules = compileRules(parseEmulatorScript(SCRIPT, 'emu.yaml'))
  const ask = (prompt: string, seed: number): string | undefined =>
    scriptedAnswer(rules, prompt, 'low', ['low'], { seed, messages: [{ role: 'user', content: prompt }], systemPrompt: '' })
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1)

  it('keeps each sample right or wrong across rewordings that capture the same thing', () => {
    const capital = seeds.map((s) => ask('What is the capital of France?', s))
    expect(seeds.map((s) => ask('Name the main city of France?', s))).toEqual(capital)
    expect(new Set(capital).size).toBeGreaterThan(1) // the draw still varies with the seed
  })

  it('is wrong exactly where the reworded rule answers differently', () => {
    const capital = seeds.map((s) => ask('What is the capital of Australia?', s))
    const main = seeds.map((s) => ask('What is the main city of Australia?', s))
    expect(main.every((a) => a !== 'Canberra')).toBe(true)
    expect(capital.filter((a) => a === 'Canberra').length).toBeGreaterThan(5)
  })

  it('redraws on any rewording by default', () => {
    const capital = seeds.map((s) => ask('What is the capital of France?', s))
    expect(seeds.map((s) => ask('What is the chief town of France?', s))).not.toEqual(capital)
  })

  it('rejects an unknown drawKey, naming the line', () => {
    expect(() => parseEmulatorScript('responses:\n  - match: x\n    answer: y\n    drawKey: prompt\n', 'emu.yaml')).toThrow(/emu\.yaml:4:\d+ {2}responses\[0\]\.drawKey/)
  })
})
