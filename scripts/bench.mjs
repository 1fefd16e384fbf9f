#!/usr/bin/env node
// npm run bench [-- --quick] [--runs 3] [--no-write]
//
// Measures the harness's own overhead through the real CLI against the emulator running
// standalone (a separate process) with a fixed latency per request:
//   wall time vs ideal (N x latency / C), samples/s, peak RSS, start-up time, HTML report
//   time and size for 10,000 samples. Writes docs/BENCHMARKS.md unless --no-write.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync, statSync, rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { BIN, ROOT, httpFloor, makeProject, median, startEmulator, timed } from './bench-lib.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const runs = Number(args[args.indexOf('--runs') + 1]) || (quick ? 1 : 3)
const write = !args.includes('--no-write')

async function measureRun(n, latencyMs, concurrency) {
  const emulator = await startEmulator(latencyMs)
  const results = []
  const floors = []
  let phases
  try {
    // The emulator stands in for a remote API, which is always warm: one untimed run of 2,000
    // samples first, so the first timed run does not also measure the emulator's JIT warm-up.
    const warm = makeProject(2000, concurrency, emulator.url)
    await timed([BIN, 'run', 'suite.yaml', '--json'], warm, { RUNWARE_API_KEY: 'bench-key' })
    rmSync(warm, { recursive: true, force: true })
    // The largest run is measured once: it takes minutes and varies least. Each run is followed
    // by its floor, so that both see the same phase of this shared machine.
    for (let i = 0; i < (n >= 50000 ? 1 : runs); i++) {
      const dir = makeProject(n, concurrency, emulator.url)
      const r = await timed([BIN, 'run', 'suite.yaml', '--json'], dir, { RUNWARE_API_KEY: 'bench-key' })
      if (r.code !== 0) throw new Error(`run failed (${r.code}): ${r.stderr}`)
      const summary = JSON.parse(r.stdout)
      if (summary.totals.samples !== n || summary.totals.errors !== 0) throw new Error(`unexpected totals ${JSON.stringify(summary.totals)}`)
      results.push({ ...r, dir, runId: summary.runId })
      floors.push(httpFloor(emulator.url, n, concurrency))
    }
    if (latencyMs > 0) phases = await tracedRun(n, concurrency, emulator.url)
  } finally {
    emulator.stop()
  }
  const ms = median(results.map((r) => r.ms))
  const ideal = (n * latencyMs) / concurrency
  return {
    n, latencyMs, concurrency, ms, ideal,
    ratio: ideal ? ms / ideal : null,
    floorMs: median(floors),
    spread: [Math.min(...results.map((r) => r.ms)), Math.max(...results.map((r) => r.ms))],
    perSecond: n / (ms / 1000),
    peakMb: median(results.map((r) => r.peakMb)),
    last: results.at(-1),
    dirs: results.map((r) => r.dir),
    phases,
  }
}

/**
 * One more run of the same project, traced (scripts/bench-trace.cjs), then its floor: where its
 * wall time goes. Kept out of the medians, since tracing makes undici publish for every request.
 */
async function tracedRun(n, concurrency, url) {
  const dir = makeProject(n, concurrency, url)
  try {
    const file = join(dir, 'trace.json')
    const r = await timed(['--require', join(ROOT, 'scripts', 'bench-trace.cjs'), BIN, 'run', 'suite.yaml', '--json'], dir,
      { RUNWARE_API_KEY: 'bench-key', EVALS_BENCH_TRACE: file })
    if (r.code !== 0) throw new Error(`traced run failed (${r.code}): ${r.stderr}`)
    const t = JSON.parse(readFileSync(file, 'utf8'))
    if (t.answers !== n) throw new Error(`traced run saw ${t.answers} answers, expected ${n}`)
    return { wall: r.ms, start: t.first, run: t.last - t.first, end: t.exit - t.last, rest: r.ms - t.exit, floorRun: httpFloor(url, n, concurrency) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function measureStartup(env = {}) {
  const times = []
  for (let i = 0; i < 10; i++) times.push((await timed([BIN, '--version'], ROOT, env)).ms)
  return median(times)
}

async function measureReport(run) {
  const times = []
  let size = 0
  for (let i = 0; i < runs; i++) {
    const out = join(run.dir, `report-${i}.html`)
    const r = await timed([BIN, 'report', run.runId, '--out', out], run.dir)
    if (r.code !== 0) throw new Error(`report failed: ${r.stderr}`)
    times.push(r.ms)
    size = statSync(out).size
  }
  return { ms: median(times), mb: size / 1024 / 1024 }
}

const fmt = (x, d = 2) => (x === null ? '–' : x.toFixed(d))

/** Where the wall time of each latency row's traced run went (see tracedRun). */
function phaseLines(measured) {
  const traced = measured.filter((m) => m.phases)
  if (!traced.length) return []
  const ms = (x) => `${Math.round(x)} ms`
  return [
    '- Where the time goes, in one more run of each row with a latency, traced (its wall time is not in the medians):',
    '  start = process start to the first request; run = first request to the last answer, against the same requests',
    '  bare (HTTP floor, run just after); end = last answer to the exit event; rest = the process\'s creation and',
    '  teardown around those (the kernel frees its pages: ~12 ms for `node -e 0`, ~35 ms with 300,000 objects alive).',
    '',
    '  | samples (N) | wall | start | run | HTTP floor | run − floor | end | rest |',
    '  | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...traced.map(({ n, phases: p }) =>
      `  | ${n} | ${ms(p.wall)} | ${ms(p.start)} | ${ms(p.run)} | ${ms(p.floorRun)} | ${ms(p.run - p.floorRun)} | ${ms(p.end)} | ${ms(p.rest)} |`),
    '',
  ]
}

/** The targets of issue #8, each with the figure measured for it (rows missing from a --quick run show –). */
function targetTable(measured, startupMs) {
  const find = (n, lat, c) => measured.find((m) => m.n === n && m.latencyMs === lat && (c === undefined || m.concurrency === c))
  const instant = measured.filter((m) => m.latencyMs === 0 && m.n >= 5000)
  const slowest = instant.length ? instant.reduce((a, b) => (a.perSecond <= b.perSecond ? a : b)) : undefined
  const rss5k = measured.filter((m) => m.n === 5000)
  const worst5k = rss5k.length ? Math.max(...rss5k.map((m) => m.peakMb)) : undefined
  const big = find(50000, 0)
  const row = (target, figure, met) => `| ${target} | ${figure} | ${met === undefined ? '–' : met ? 'met' : '**missed**'} |`
  const ratio = (m, limit) => (m ? [`${fmt(m.ms / 1000)} s vs ${fmt(m.ideal / 1000)} s ideal = ${fmt(m.ratio)}×`, m.ratio <= limit] : ['–', undefined])
  return [
    '| target | measured | |',
    '| --- | --- | --- |',
    row('N=1,000, 20 ms, C=16: wall ≤ 1.5× ideal', ...ratio(find(1000, 20, 16), 1.5)),
    row('N=5,000, 20 ms, C=16: wall ≤ 1.15× ideal', ...ratio(find(5000, 20, 16), 1.15)),
    row('instant server: ≥ 2,000 samples/s graded and stored (slowest of the N ≥ 5,000 rows)',
      slowest ? `${Math.round(slowest.perSecond)}/s (N=${slowest.n}, C=${slowest.concurrency})` : '–', slowest ? slowest.perSecond >= 2000 : undefined),
    row('`evals --version` ≤ 0.3 s', `${Math.round(startupMs)} ms`, startupMs <= 300),
    row('peak RSS ≤ 150 MB at N=5,000 (largest of the N=5,000 rows)', worst5k === undefined ? '–' : `${Math.round(worst5k)} MB`, worst5k === undefined ? undefined : worst5k <= 150),
    row('peak RSS ≤ 250 MB at N=50,000', big ? `${Math.round(big.peakMb)} MB` : '–', big ? big.peakMb <= 250 : undefined),
    '',
  ]
}

async function main() {
  spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const rows = []
  const cases = quick
    ? [[1000, 20, 16], [2000, 0, 16]]
    : [[1000, 20, 16], [5000, 20, 16], [5000, 0, 16], [5000, 0, 64], [10000, 0, 16], [50000, 0, 64]]
  const measured = []
  for (const [n, lat, c] of cases) {
    process.stderr.write(`bench: N=${n} latency=${lat}ms C=${c} (${runs} runs)…\n`)
    const m = await measureRun(n, lat, c)
    measured.push(m)
    rows.push(`| ${n} | ${lat} ms | ${c} | ${fmt(m.ms / 1000)} s | ${fmt(m.spread[0] / 1000)}–${fmt(m.spread[1] / 1000)} s | ${lat ? fmt(m.ideal / 1000) + ' s' : '–'} | ${m.ratio === null ? '–' : fmt(m.ratio) + '×'} | ${fmt(m.floorMs / 1000)} s${lat ? ` (${fmt(m.floorMs / m.ideal)}×)` : ''} | ${Math.round(m.perSecond)} | ${Math.round(m.peakMb)} MB |`)
  }
  const startupMs = await measureStartup()
  // Node 20 reads and parses the NODE_EXTRA_CA_CERTS file as every process starts (an empty value
  // reads nothing): this machine sets it, and it costs `node -e 1` as much as any CLI.
  const bareStartupMs = process.env.NODE_EXTRA_CA_CERTS ? await measureStartup({ NODE_EXTRA_CA_CERTS: '' }) : undefined
  const big = measured.find((m) => m.n === 10000) ?? measured.at(-1)
  const report = await measureReport(big.last)
  const lines = [
    '# Benchmarks',
    '',
    ...targetTable(measured, startupMs),
    '',
    `Measured by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Each figure is the median of ${runs} runs (N = 50,000: one run) through the real CLI (\`evals run --json\`) against the emulator in a separate`,
    'process with a fixed latency per request; a generated suite of N cases × 1 seed × 1 result, one `contains` assertion,',
    'stored in a fresh SQLite file. Ideal = N × latency / C. Peak RSS is the CLI process\'s VmHWM. Each emulator is',
    'warmed up by one untimed run of 2,000 samples (it stands in for a remote API, which is always warm); that run also',
    'writes the CLI\'s code cache for `run`, as the first `evals run` after each build does (bin/evals.js).',
    'HTTP floor: the same N requests as bare POSTs (scripts/http-floor.mjs: undici, C at a time, no harness) against the',
    'same emulator — what the emulator, the loopback network and Node cost before the harness does anything.',
    'Runs: the fastest and slowest of the runs behind the median; this shared 2-core VM varies by tens of percent.',
    '',
    '| samples (N) | latency | concurrency (C) | wall | runs | ideal | wall / ideal | HTTP floor | samples/s | peak RSS |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `- Start-up: \`evals --version\` takes ${Math.round(startupMs)} ms (median of 10).` + (bareStartupMs === undefined ? ''
      : ` This machine sets NODE_EXTRA_CA_CERTS, and Node 20 reads that file as every process starts: without it, ${Math.round(bareStartupMs)} ms. Every figure above includes it, as a user here would pay it.`),
    ...phaseLines(measured),
    `- HTML report of ${big.n} samples (\`evals report <run> --out …\`): ${fmt(report.ms / 1000)} s, ${fmt(report.mb)} MB.`,
    '',
    'Reproduce: `npm run bench` (add `-- --quick` for a short run, `-- --runs 5` for more repetitions).',
    '',
  ]
  const text = lines.join('\n')
  process.stdout.write(`${text}\n`)
  if (write && !quick) writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), text)
  for (const m of measured) for (const d of m.dirs) rmSync(d, { recursive: true, force: true })
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`)
  process.exitCode = 1
})
