#!/usr/bin/env node
// node scripts/bench-bounds.mjs [--n 5000] [--latency 20] [--concurrency 16] [--runs 8] [--target 1.15]
//
// How close to the ideal (N x latency / C) can `evals run` get on this machine? Against one
// emulator, in interleaved rounds (so that all three see the same phase of a shared machine):
//   floor     a Node process that only sends the N requests (scripts/http-floor.mjs), timed
//             from its spawn to its exit: what any client written in Node pays here;
//   no-store  the CLI with its storing of samples, cache entries and request texts, and the
//             writing of its HTML page, switched off: a copy of the built bundle, patched,
//             under dist/bench-bounds/ (everything else, from start-up to summary, is as built);
//   evals     the CLI as built.
// Prints each one's median wall time against the ideal and what is left of the target's budget.
// Run `npm run build` first. A measuring tool: it asserts nothing and writes no docs.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT, makeProject, median, startEmulator, timed } from './bench-lib.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback)
const n = option('--n', 5000)
const latencyMs = option('--latency', 20)
const concurrency = option('--concurrency', 16)
const runs = option('--runs', 8)
// Issue #8's targets: 1.5x ideal at N=1,000, 1.15x at N=5,000.
const target = option('--target', n >= 5000 ? 1.15 : 1.5)
const env = { RUNWARE_API_KEY: 'bench-key' }
if (!(n > 0 && latencyMs > 0 && concurrency > 0 && runs > 0 && target > 1)) throw new Error('bench-bounds: --n, --latency, --concurrency and --runs must be positive numbers, --target above 1')

/**
 * What the no-store copy switches off, as exact pieces of the bundle (esbuild keeps names). Each
 * must occur once: when the bundle changes under them, this script stops and says which.
 */
const PATCHES = [
  ['samples and cache entries', 'store.recordSamples(runId,batch.filter(s=>s!==void 0),entries)', 'void 0'],
  ['request texts', 'putBlobs(texts){this.guard(', 'putBlobs(texts){return;this.guard('],
  ['HTML page', 'function writeReport(project,page,samples){', 'function writeReport(project,page,samples){return"(not written)";'],
]

/** dist/bench-bounds/: bin/evals.js, package.json and the patched bundle, laid out as in the repo. */
function buildNoStore() {
  const dir = join(ROOT, 'dist', 'bench-bounds')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'bin'), { recursive: true })
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true })
  for (const file of ['bin/evals.js', 'bin/package.json', 'package.json']) copyFileSync(join(ROOT, file), join(dir, file))
  let code = readFileSync(join(ROOT, 'dist', 'bundle', 'evals.cjs'), 'latin1')
  for (const [what, from, to] of PATCHES) {
    const count = code.split(from).length - 1
    if (count !== 1) throw new Error(`bench-bounds: cannot switch off the ${what}: \`${from}\` occurs ${count} times in dist/bundle/evals.cjs`)
    code = code.replace(from, to)
  }
  writeFileSync(join(dir, 'dist', 'bundle', 'evals.cjs'), code, 'latin1')
  return join(dir, 'bin', 'evals.js')
}

async function main() {
  const noStore = buildNoStore()
  const emulator = await startEmulator(latencyMs)
  const programs = {
    floor: () => [join(ROOT, 'scripts', 'http-floor.mjs'), emulator.url, String(n), String(concurrency)],
    'no-store': () => [noStore, 'run', 'suite.yaml', '--json'],
    evals: () => [BIN, 'run', 'suite.yaml', '--json'],
  }
  const walls = Object.fromEntries(Object.keys(programs).map((k) => [k, []]))
  try {
    // Warm the emulator (a remote API is always warm) and write each CLI's code cache for `run`.
    for (const bin of [BIN, noStore]) await runIn(2000, [bin, 'run', 'suite.yaml', '--json'])
    for (let round = 0; round < runs; round++) {
      for (const [name, argv] of Object.entries(programs)) {
        walls[name].push(await runIn(n, argv(), name === 'evals'))
      }
      process.stderr.write(`bench-bounds: round ${round + 1} of ${runs}\n`)
    }
  } finally {
    emulator.stop()
    rmSync(join(ROOT, 'dist', 'bench-bounds'), { recursive: true, force: true })
  }
  process.stdout.write(`${summary(walls).join('\n')}\n`)

  /** Wall time (ms) of one program in a fresh project of `count` cases; the real CLI's totals are checked. */
  async function runIn(count, argv, check = false) {
    const dir = makeProject(count, concurrency, emulator.url)
    try {
      const r = await timed(argv, dir, env)
      if (r.code !== 0) throw new Error(`bench-bounds: ${argv.join(' ')} failed (${r.code}): ${r.stderr}`)
      const totals = check ? JSON.parse(r.stdout).totals : undefined
      if (totals && (totals.samples !== count || totals.errors !== 0)) throw new Error(`bench-bounds: unexpected totals ${JSON.stringify(totals)}`)
      return r.ms
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

function summary(walls) {
  const ideal = (n * latencyMs) / concurrency
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`
  const lines = [
    `N=${n}, ${latencyMs} ms, C=${concurrency}: ideal ${fmt(ideal)}; medians of ${runs} interleaved runs`,
    '',
    '| program | wall | wall / ideal | runs |',
    '| --- | ---: | ---: | ---: |',
  ]
  for (const [name, ms] of Object.entries(walls)) {
    lines.push(`| ${name} | ${fmt(median(ms))} | ${(median(ms) / ideal).toFixed(3)}× | ${fmt(Math.min(...ms))}–${fmt(Math.max(...ms))} |`)
  }
  const budget = target * ideal - median(walls.floor)
  lines.push('', `Left of ${target}× ideal once the floor process is paid: ${Math.round(budget)} ms. ` +
    `The CLI used ${Math.round(median(walls.evals) - median(walls.floor))} ms, ` +
    `of which storing and the page ${Math.round(median(walls.evals) - median(walls['no-store']))} ms.`)
  return lines
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`)
  process.exitCode = 1
})
