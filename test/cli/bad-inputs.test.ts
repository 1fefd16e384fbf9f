import { createHash } from 'node:crypto'
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { copyExampleProject, runCli, type CliResult } from './helpers.js'

/**
 * The bad-input corpus: malformed config, suites, datasets, schemas and emulator scripts, each
 * applied to a copy of the example project that already holds a run. Every one must end in a
 * located error (`file:line:col`), exit 2, no stack trace, and a byte-identical database.
 */

type Mutation = (dir: string) => void

const edit = (file: string, from: string | RegExp, to: string): Mutation => (dir) => {
  const path = join(dir, file)
  const text = readFileSync(path, 'utf8')
  const next = text.replace(from, to)
  if (next === text) throw new Error(`corpus bug: ${String(from)} not found in ${file}`)
  writeFileSync(path, next)
}
const write = (file: string, content: string | Buffer): Mutation => (dir) => writeFileSync(join(dir, file), content)
const append = (file: string, content: string | Buffer): Mutation => (dir) => appendFileSync(join(dir, file), content)
const both = (...ms: Mutation[]): Mutation => (dir) => ms.forEach((m) => m(dir))

const CAPITALS = 'evals/capitals.yaml'
const SENTIMENT = 'evals/sentiment-json.yaml'
const ARITH = 'evals/thinking-levels.yaml'
const CONFIG = 'evals.config.yaml'
const NOT_UTF8 = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a])

/** [what, the file the error must point into, how to break the project] */
const CORPUS: Array<[string, string, Mutation]> = [
  // YAML syntax
  ['unclosed quote in a suite', CAPITALS, edit(CAPITALS, 'content: "What is', 'content: "What is\n  oops: [')],
  ['tab indentation in a suite', CAPITALS, edit(CAPITALS, 'seeds: [11, 23]', 'seeds:\n\t- 11')],
  ['unclosed flow sequence in the config', CONFIG, edit(CONFIG, 'concurrency: 8', 'concurrency: [8,')],
  ['duplicate key in a suite', CAPITALS, edit(CAPITALS, 'numberResults: 2', 'numberResults: 2\nnumberResults: 3')],
  ['YAML syntax error in a YAML dataset', 'datasets/reviews.yaml', append('datasets/reviews.yaml', '- id: [broken\n')],
  ['YAML syntax error in the emulator script', 'emulator.yaml', append('emulator.yaml', '  - match: "x\n    : :\n')],
  ['a suite that is a list, not a mapping', CAPITALS, write(CAPITALS, '- name: capitals\n- prompt: hi\n')],
  // wrong types and values
  ['seeds as a string', CAPITALS, edit(CAPITALS, 'seeds: [11, 23]', 'seeds: eleven')],
  ['numberResults out of range', CAPITALS, edit(CAPITALS, 'numberResults: 2 ', 'numberResults: 9 ')],
  ['negative maxTokens', CAPITALS, edit(CAPITALS, 'maxTokens: 512', 'maxTokens: -5')],
  ['concurrency as a word', CONFIG, edit(CONFIG, 'concurrency: 8', 'concurrency: many')],
  ['minPassRate above 1', CONFIG, edit(CONFIG, /minPassRate: [0-9.]+/, 'minPassRate: 1.5')],
  ['prompt as a number', ARITH, edit(ARITH, /prompt:\n(  .*\n)+?settings:/, 'prompt: 42\nsettings:')],
  ['cases as a mapping', CAPITALS, edit(CAPITALS, /cases:\n[\s\S]*$/, 'cases: { italy: Rome }\n')],
  ['empty variants list', ARITH, edit(ARITH, /variants:\n[\s\S]*?dataset:/, 'variants: []\ndataset:')],
  ['unknown pass rule', CAPITALS, edit(CAPITALS, 'pass: { rule: majority }', 'pass: { rule: sometimes }')],
  ['thinkingLevel not in thinkingLevels', ARITH, edit(ARITH, 'thinkingLevel: high }', 'thinkingLevel: ultra }')],
  ['unknown provider type', CONFIG, edit(CONFIG, 'type: emulator', 'type: openai')],
  ['timeoutMs of zero', CONFIG, edit(CONFIG, /timeoutMs: \d+/, 'timeoutMs: 0')],
  ['cache ttlDays negative', CONFIG, append(CONFIG, 'cache:\n  ttlDays: -3\n')],
  ['assertion without a type', CAPITALS, edit(CAPITALS, '  - type: icontains\n', '  - kind: icontains\n')],
  // unknown keys
  ['misspelt suite key', CAPITALS, edit(CAPITALS, 'prompt:', 'promt:')],
  ['unknown setting', CAPITALS, edit(CAPITALS, 'maxTokens: 512', 'maxTokens: 512\n  temprature: 0.2')],
  ['misspelt config key', CONFIG, edit(CONFIG, 'concurrency: 8', 'concurency: 8')],
  ['misspelt assertion key', CAPITALS, edit(CAPITALS, 'value: Rome', 'vaule: Rome')],
  ['misspelt case key', CAPITALS, edit(CAPITALS, 'vars: { country: Italy', 'varz: { country: Italy')],
  // bad regular expressions
  ['unbalanced regex in an assertion', ARITH, edit(ARITH, /value: '\^.*'/, "value: '([0-9]+'")],
  ['unknown regex flag', ARITH, edit(ARITH, /value: '\^.*'/, "value: '[0-9]+'\n    flags: q")],
  ['unbalanced regex in the emulator script', 'emulator.yaml', edit('emulator.yaml', 'match: "capital of', 'match: "(capital of')],
  // invalid JSON Schemas
  ['inline jsonSchema with a bad type', SENTIMENT, edit(SENTIMENT, 'type: object', 'type: objekt')],
  ['jsonSchema file that does not exist', SENTIMENT, edit(SENTIMENT, /jsonSchema:\n(  .*\n)+/, 'jsonSchema: ../schemas/nope.json\n')],
  ['json-schema assertion with an invalid schema file', SENTIMENT, // located where the file is used
    write('schemas/sentiment.schema.json', '{ "type": "object",\n  "required": 7 }\n')],
  ['schema file with a JSON syntax error', 'schemas/sentiment.schema.json',
    write('schemas/sentiment.schema.json', '{ "type": "object",\n  "properties": { ]\n}\n')],
  // datasets
  ['missing dataset', CAPITALS, edit(CAPITALS, 'capitals.csv', 'no-such-file.csv')],
  ['unreadable dataset (a directory)', CAPITALS, both((d) => mkdirSync(join(d, 'datasets', 'dir.csv')), edit(CAPITALS, 'capitals.csv', 'dir.csv'))],
  ['CSV row with an extra column', 'datasets/capitals.csv', append('datasets/capitals.csv', 'peru,Peru,Lima,extra\n')],
  ['CSV row with a missing column', 'datasets/capitals.csv', append('datasets/capitals.csv', 'chad,Chad\n')],
  ['CSV with an unterminated quote', 'datasets/capitals.csv', append('datasets/capitals.csv', 'peru,"Peru,Lima\n')],
  ['JSONL with a broken line', 'datasets/arithmetic.jsonl', append('datasets/arithmetic.jsonl', '{"id": "x", "a": 1,\n')],
  ['JSONL line that is not an object', 'datasets/arithmetic.jsonl', append('datasets/arithmetic.jsonl', '[1, 2, 3]\n')],
  ['dataset with an unsupported extension', CAPITALS, both(write('datasets/capitals.txt', 'x'), edit(CAPITALS, 'capitals.csv', 'capitals.txt'))],
  ['duplicate case ids in a dataset', 'datasets/capitals.csv', append('datasets/capitals.csv', 'france,France,Paris\n')],
  // huge values
  ['maxTokens of a trillion', CAPITALS, edit(CAPITALS, 'maxTokens: 512', 'maxTokens: 1000000000000')],
  ['seed beyond 2^31', CAPITALS, edit(CAPITALS, 'seeds: [11, 23]', 'seeds: [11, 99999999999]')],
  ['numberResults of 1e308', CAPITALS, edit(CAPITALS, 'numberResults: 2 ', 'numberResults: 1e308 ')],
  ['a 300 000-character system prompt', CAPITALS, edit(CAPITALS, 'You are a precise geography assistant.', 'x'.repeat(300_000))],
  ['concurrency of a million', CONFIG, edit(CONFIG, 'concurrency: 8', 'concurrency: 1000000')],
  // bytes that are not UTF-8
  ['non-UTF-8 bytes in a suite', 'evals/broken.yaml', write('evals/broken.yaml', NOT_UTF8)],
  ['non-UTF-8 bytes in the config', CONFIG, append(CONFIG, NOT_UTF8)],
  ['non-UTF-8 bytes in a CSV dataset', 'datasets/capitals.csv', append('datasets/capitals.csv', Buffer.from([0x70, 0x65, 0x72, 0x75, 0x2c, 0xc3, 0x28, 0x2c, 0x4c, 0x0a]))],
  // paths that escape the project
  ['dataset outside the project', CAPITALS, edit(CAPITALS, '../datasets/capitals.csv', '../../../../etc/passwd')],
  ['jsonSchema file outside the project', SENTIMENT, edit(SENTIMENT, /jsonSchema:\n(  .*\n)+/, 'jsonSchema: ../../outside.json\n')],
  ['json-schema assertion file outside the project', SENTIMENT, edit(SENTIMENT, '../schemas/sentiment.schema.json', '/etc/outside.schema.json')],
  ['emulator script outside the project', CONFIG, edit(CONFIG, 'script: emulator.yaml', 'script: ../elsewhere.yaml')],
  // templates and names
  ['template variable the cases lack', CAPITALS, edit(CAPITALS, '{{country}}', '{{countri}}')],
  ['template syntax error', CAPITALS, edit(CAPITALS, '{{country}}', '{{#if country}}')],
  ['two suites with the same name', 'evals/copy.yaml', (d) => cpSync(join(d, CAPITALS), join(d, 'evals/copy.yaml'))],
]

let template: string
const DB_DIR = '.evals'

/** sha256 of every file of the database directory (db, WAL, SHM). */
function checksum(dir: string): string {
  const hash = createHash('sha256')
  const root = join(dir, DB_DIR)
  for (const name of readdirSync(root).sort()) hash.update(name).update(readFileSync(join(root, name)))
  return hash.digest('hex')
}

/** `evals run` through the CLI's own entry (`main`, the function bin/evals.js calls), in this process. */
async function runInProcess(dir: string): Promise<CliResult> {
  const out = { stdout: '', stderr: '' }
  const stream = (key: 'stdout' | 'stderr') => ({ write: (s: string) => ((out[key] += s), true) }) as unknown as NodeJS.WriteStream
  const io: CliIo = { cwd: dir, env: {}, stdout: stream('stdout'), stderr: stream('stderr'), onInterrupt: () => () => undefined }
  const code = await main(['node', 'evals', 'run'], io)
  return { code, ...out }
}

/** What is wrong with how the CLI met one corpus entry (empty: right). */
async function problemsOf([what, file, mutate]: (typeof CORPUS)[number], run: (dir: string) => Promise<CliResult>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'evals-bad-'))
  cpSync(template, dir, { recursive: true })
  mutate(dir)
  const before = checksum(dir)
  const result = await run(dir)
  const located = new RegExp(`^(\\S*/)?${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `, 'm')
  const problems = [
    result.code !== 2 && `exit ${result.code}`,
    !located.test(result.stderr) && `no ${file}:line:col in stderr`,
    /\n\s+at |internal error/.test(result.stderr) && 'a stack trace',
    checksum(dir) !== before && 'the database changed',
  ].filter((p): p is string => Boolean(p))
  return problems.length ? [`${what}: ${problems.join(', ')}\n${result.stderr}`] : []
}

beforeAll(async () => {
  template = copyExampleProject()
  const first = await runCli(['run', 'evals/capitals.yaml'], template)
  expect(first.code, first.stderr).toBe(0)
  expect(existsSync(join(template, DB_DIR, 'evals.db'))).toBe(true)
}, 120_000)

describe('bad-input corpus', { timeout: 180_000 }, () => {
  it(`has at least 40 malformed inputs (${CORPUS.length})`, () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40)
  })

  it('gives each a located error, exit 2, no stack trace and an untouched database', async () => {
    const failures: string[] = []
    for (const entry of CORPUS) failures.push(...(await problemsOf(entry, runInProcess)))
    expect(failures).toEqual([])
  })

  it('does the same in a real process (a few entries through the compiled CLI)', async () => {
    const picks = ['unclosed quote in a suite', 'misspelt config key', 'CSV row with an extra column',
      'non-UTF-8 bytes in a suite', 'unbalanced regex in the emulator script']
    const entries = CORPUS.filter(([what]) => picks.includes(what))
    expect(entries).toHaveLength(picks.length)
    const failures: string[] = []
    for (const entry of entries) failures.push(...(await problemsOf(entry, (dir) => runCli(['run'], dir))))
    expect(failures).toEqual([])
  })
})
