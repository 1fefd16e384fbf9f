#!/usr/bin/env node
// node scripts/report-size.mjs [--samples 10000] [--runs 3] [--keep]
//
// Measures the HTML report of a large run: writes two runs of N samples each (a baseline and a
// head that differs from it in some outputs and verdicts) into a fresh SQLite database through
// the store, then times the real CLI writing the report: `evals report <head> --out …` and
// `evals report <head> --baseline <base> --out …` (the comparison with side-by-side word diffs).
// Prints wall time (median of --runs, node start-up and SQLite reads included) and file size.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import seedrandom from 'seedrandom'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'evals.js')
const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const N = option('--samples', 10000)
const RUNS = option('--runs', 3)

const WORDS = ('the a capital city of is answer model output because therefore however likely population river north south ' +
  'largest known official government located region country historic centre coast mountain trade port founded century').split(' ')

function sentence(rng, words) {
  return Array.from({ length: words }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ')
}

/** One sample: a ~300-character answer, two grades (one by the judge), usage, cost, latency. */
function sample(rng, i, side) {
  const caseId = `case-${String(Math.floor(i / 2)).padStart(5, '0')}`
  const variant = i % 2 ? 'high' : 'low'
  const base = sentence(seedrandom(`out-${i}`), 48)
  const changed = side === 'head' && rng() < 0.25
  const output = changed ? base.replace(/\b(capital|city|river)\b/g, 'port') + ' and more' : base
  const pass = changed ? rng() < 0.6 : seedrandom(`pass-${i}`)() < 0.8
  return {
    key: { suite: 'size', caseId, variant, seed: 1, resultIndex: 0 },
    requestHash: `req-${i}`,
    outcome: pass ? 'pass' : 'fail',
    output,
    finishReason: 'stop',
    latencyMs: 200 + Math.floor(rng() * 1800),
    usage: { promptTokens: 60, completionTokens: 80, totalTokens: 140 + 256, thinkingTokens: 256 },
    costUsd: 0.0004 + rng() * 0.0002,
    attempts: 1,
    score: pass ? 1 : 0,
    grades: [
      { type: 'icontains', pass, score: pass ? 1 : 0, reason: pass ? 'contains "capital"' : 'expected "capital", found none', weight: 1 },
      {
        type: 'llm-rubric', pass: true, score: 0.9, weight: 0, reason: 'The answer is on topic and names a place.',
        judge: { model: 'openai:gpt@5-mini', calls: 1, agreement: 1, usage: { promptTokens: 300, completionTokens: 40, totalTokens: 340, thinkingTokens: 0 }, costUsd: 0.0001, latencyMs: 300 },
      },
    ],
  }
}

async function writeRuns(dir) {
  const { openStore } = await import(join(ROOT, 'dist', 'store', 'index.js'))
  const store = openStore(join(dir, 'evals.db'))
  const suites = [{ name: 'size', hash: 'h', pass: { rule: 'majority' }, variants: [{ name: 'low' }, { name: 'high' }] }]
  const ids = []
  for (const side of ['base', 'head']) {
    const id = `20260101-00000${ids.length}-${side}`
    store.beginRun({ id, startedAt: new Date().toISOString(), status: 'running', provider: 'emulator', model: 'openai:gpt@5-mini', config: { suites }, plannedSamples: N })
    const rng = seedrandom(side)
    for (let i = 0; i < N; i++) store.recordSample(id, sample(rng, i, side))
    store.finishRun(id, 'completed', new Date().toISOString())
    ids.push(id)
  }
  store.close()
  return ids
}

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'evals-report-size-'))
  mkdirSync(join(dir, 'evals'))
  writeFileSync(join(dir, 'evals', 'size.yaml'), 'name: size\nprompt: "Name a place {{x}}."\ncases:\n  - vars: { x: 1 }\n')
  writeFileSync(join(dir, 'evals.config.yaml'), 'database: evals.db\nreportsDir: reports\nthresholds: { minPassRate: 0, maxErrorRate: 1 }\n')
  return dir
}

function time(argv, cwd) {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (r.status !== 0 && r.status !== 1) throw new Error(`evals ${argv.join(' ')} failed (${r.status}): ${r.stderr}`)
  return ms
}

function measure(dir, argv, out) {
  const times = Array.from({ length: RUNS }, () => time([...argv, '--out', out], dir)).sort((a, b) => a - b)
  return { ms: times[Math.floor((times.length - 1) / 2)], mb: statSync(join(dir, out)).size / 1024 / 1024 }
}

/** The same work in-process, phase by phase: reading the runs, compare's statistics, and the HTML page itself. */
async function phases(dir, baseId, headId) {
  const { openStore } = await import(join(ROOT, 'dist', 'store', 'index.js'))
  const C = await import(join(ROOT, 'dist', 'compare', 'index.js'))
  const R = await import(join(ROOT, 'dist', 'report', 'index.js'))
  const out = { read: [], stats: [], html: [] }
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now()
    const lap = (key) => { const now = performance.now(); out[key].push(now - t); t = now }
    const store = openStore(join(dir, 'evals.db'))
    const meta = store.getRun(headId)
    const head = store.loadSamples(headId)
    const base = store.loadSamples(baseId)
    store.close()
    lap('read')
    const suites = [{ name: 'size', pass: { rule: 'majority' }, variants: ['low', 'high'], hash: 'h' }]
    const input = (id, samples) => ({ id, label: `run ${id}`, provider: 'emulator', model: meta.model, samples, suites })
    const summary = C.summarizeSamples(head, new Map([['size', { rule: 'majority' }]]), [{ name: 'size', variants: ['low', 'high'] }])
    const comparison = C.compareRuns(input(baseId, base), input(headId, head), { policy: C.DEFAULT_GATE })
    const sweeps = C.sweepRun(input(headId, head))
    lap('stats')
    const html = R.renderRunPage(R.buildRunPageModel(meta, summary, head, { comparison, baseSamples: base, sweeps }))
    writeFileSync(join(dir, 'phases.html'), html)
    lap('html')
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]
  return { read: med(out.read), stats: med(out.stats), html: med(out.html) }
}

async function main() {
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const dir = project()
  process.stderr.write(`report-size: writing 2 runs × ${N} samples to ${join(dir, 'evals.db')}…\n`)
  const [base, head] = await writeRuns(dir)
  const plain = measure(dir, ['report', head], 'plain.html')
  const compared = measure(dir, ['report', head, '--baseline', base], 'compared.html')
  const p = await phases(dir, base, head)
  const line = (what, m) => `| ${what} | ${N} | ${(m.ms / 1000).toFixed(2)} s | ${m.mb.toFixed(2)} MB |`
  process.stdout.write([
    `HTML report of a ${N}-sample run (median of ${RUNS}, wall time of the CLI incl. start-up and SQLite reads), Node ${process.version}:`,
    '',
    '| report | samples | time | size |',
    '| --- | ---: | ---: | ---: |',
    line('`evals report <run>`', plain),
    line('`evals report <run> --baseline <run>`', compared),
    '',
    `With the baseline, in-process: reading both runs from SQLite ${(p.read / 1000).toFixed(2)} s, compare's statistics ` +
      `(summary, paired comparison, sweeps) ${(p.stats / 1000).toFixed(2)} s, the HTML page (view model, render, write) ${(p.html / 1000).toFixed(2)} s.`,
    '',
  ].join('\n'))
  if (args.includes('--keep')) process.stderr.write(`kept ${dir}\n`)
  else rmSync(dir, { recursive: true, force: true })
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`)
  process.exitCode = 1
})
