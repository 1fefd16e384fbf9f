import { describe, expect, it } from 'vitest'
import { gradeOne } from './helpers.js'

type Row = [type: string, value: string, output: string, pass: boolean]

const rows: Row[] = [
  ['equals', 'Paris', 'Paris', true],
  ['equals', 'Paris', '  Paris\n', true],
  ['equals', 'Paris', 'paris', false],
  ['equals', 'Paris', 'Paris.', false],
  ['equals', ' Paris', ' Paris', false], // only the output is trimmed
  ['contains', 'Paris', 'The capital is Paris.', true],
  ['contains', 'Paris', 'The capital is paris.', false],
  ['icontains', 'paris', 'The capital is PARIS.', true],
  ['icontains', 'école', 'UNE ÉCOLE', true],
  ['icontains', 'STRASSE', 'Die Straße', true],
  ['icontains', 'ΟΔΟΣ', 'η οδος', true],
  ['icontains', 'e\u0301cole', 'ÉCOLE', true], // decomposed accent against composed
  ['icontains', 'lyon', 'Paris', false],
  ['starts-with', 'Paris', '\n  Paris is the capital', true],
  ['starts-with', 'Paris', 'The capital is Paris', false],
  ['regex', '^\\d{4}$', '2024', true],
  ['regex', '^\\d{4}$', '20245', false],
  ['regex', 'paris', 'PARIS', false],
]

describe.each(rows)('%s %j on %j', (type, value, output, pass) => {
  it(`passes: ${pass}`, async () => {
    const grade = await gradeOne({ type, value }, output)
    expect(grade).toMatchObject({ type, pass, score: pass ? 1 : 0, weight: 1 })
  })

  it(`not-${type} passes: ${!pass}`, async () => {
    const grade = await gradeOne({ type: `not-${type}`, value }, output)
    expect(grade).toMatchObject({ type: `not-${type}`, pass: !pass, score: pass ? 0 : 1 })
    expect(grade.reason).toContain('not ')
  })
})

describe('text reasons', () => {
  it.each([
    [{ type: 'equals', value: 'Paris' }, 'Lyon', 'expected equals "Paris", found "Lyon"'],
    [{ type: 'contains', value: 'Paris' }, 'Lyon', 'expected contains "Paris", found "Lyon"'],
    [{ type: 'not-contains', value: 'Paris' }, 'Paris!', 'expected not contains "Paris", found "Paris!"'],
    [{ type: 'icontains', value: 'paris' }, 'PARIS', 'contains "paris" (ignoring case)'],
    [{ type: 'regex', value: 'a+', flags: 'i' }, 'bAAc', 'matches /a+/i'],
    [{ type: 'not-regex', value: 'a+' }, 'baac', 'expected not matches /a+/, found match "aa" at index 1'],
  ])('%j on %j gives %j', async (assertion, output, reason) => {
    expect((await gradeOne(assertion, output)).reason).toBe(reason)
  })

  it('truncates long outputs to about 120 characters', async () => {
    const grade = await gradeOne({ type: 'contains', value: 'needle' }, 'x'.repeat(1000))
    expect(grade.pass).toBe(false)
    expect(grade.reason.length).toBeLessThan(200)
    expect(grade.reason).toContain('…')
  })

  it('keeps reasons on one line', async () => {
    expect((await gradeOne({ type: 'equals', value: 'a' }, 'line one\nline two')).reason).not.toContain('\n')
  })
})

describe('templates in values', () => {
  it.each([
    ['equals', '{{expected}}', 'Paris', { expected: 'Paris' }, true],
    ['icontains', 'capital: {{city}}', 'CAPITAL: PARIS', { city: 'paris' }, true],
    ['starts-with', '{{n}}.', '3. three', { n: 3 }, true],
    ['regex', '^{{word}}$', 'Paris', { word: 'Par\\w+' }, true],
    ['contains', '{{expected}}', 'Lyon', { expected: 'Paris' }, false],
  ])('%s %j with %j', async (type, value, output, vars, pass) => {
    expect((await gradeOne({ type, value }, output, vars)).pass).toBe(pass)
  })

  it('reports the rendered value in the reason', async () => {
    expect((await gradeOne({ type: 'equals', value: '{{expected}}' }, 'Lyon', { expected: 'Paris' })).reason)
      .toBe('expected equals "Paris", found "Lyon"')
  })

  it('turns a missing var into a failing grade, also when negated', async () => {
    for (const type of ['equals', 'not-equals']) {
      const grade = await gradeOne({ type, value: '{{missing}}' }, 'Paris')
      expect(grade).toMatchObject({ pass: false, score: 0 })
      expect(grade.reason).toMatch(/^grader error: .*missing/)
    }
  })
})

describe('regex flags', () => {
  it.each([
    ['paris', 'i', 'PARIS', true],
    ['paris', undefined, 'PARIS', false],
    ['^b$', 'm', 'a\nb\nc', true],
    ['^b$', undefined, 'a\nb\nc', false],
    ['a.c', 's', 'a\nc', true],
    ['a.c', undefined, 'a\nc', false],
    ['\\p{L}+', 'u', 'été', true],
    ['x', 'g', 'xx', true],
  ])('/%s/%s on %j', async (value, flags, output, pass) => {
    expect((await gradeOne({ type: 'regex', value, flags }, output)).pass).toBe(pass)
  })

  it('reports an invalid pattern as a failing grade', async () => {
    const grade = await gradeOne({ type: 'regex', value: '(' }, 'anything')
    expect(grade).toMatchObject({ pass: false, score: 0 })
    expect(grade.reason).toMatch(/^grader error: Invalid regular expression/)
  })
})
