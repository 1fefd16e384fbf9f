import type { SampleFigures } from '../../compare/index.js'
import { formatMs } from '../format.js'
import { emptyChart, linear, r1, type Chart } from './chart-svg.js'

/**
 * The latency distribution of the live samples (cached ones are left out, as in every latency
 * figure) as a histogram of shares, the baseline's as an outline, with the run's p50 and p95.
 */

const WIDTH = 860
const X0 = 56
const X1 = 840
const TOP = 22
const BOTTOM = 250
const BINS = 30

export interface LatencyInput {
  samples: readonly SampleFigures[]
  baseSamples?: readonly SampleFigures[]
  /** The run's percentiles, as compare computed them. */
  p50: number | null
  p95: number | null
}

export function latencyChart(input: LatencyInput): Chart {
  const title = 'Latency distribution'
  const head = liveLatencies(input.samples)
  const base = input.baseSamples ? liveLatencies(input.baseSamples) : []
  const caption = `Request latency of ${head.length} live samples (cached samples left out): share of samples per bin; ` +
    `dashed lines mark this run's p50 and p95${base.length ? '; the outline is the baseline' : ''}.`
  if (head.length === 0) return emptyChart(title, caption, 'No live latencies: every sample came from the cache or failed before an answer.')
  const hi = [...head, ...base].reduce((a, b) => (b > a ? b : a), 1)
  const width = hi / BINS
  const headShares = shares(head, width)
  const baseShares = base.length ? shares(base, width) : []
  const top = Math.max(...headShares, ...baseShares)
  const x = linear(0, hi, X0, X1)
  const y = linear(0, top, BOTTOM, TOP)
  const chart: Chart = { ...emptyChart(title, caption, ''), width: WIDTH, height: BOTTOM + 30 }
  axes(chart, x, y, hi, top)
  headShares.forEach((share, i) => {
    if (share === 0) return
    const from = i * width
    chart.rects.push({ x: x(from), y: y(share), w: r1(x(from + width) - x(from) - 1), h: r1(BOTTOM - y(share)), c: 'hist', tip: `${formatMs(from)}–${formatMs(from + width)}: ${(share * 100).toFixed(1)}% of samples` })
  })
  baseShares.forEach((share, i) => {
    if (share === 0) return
    const from = i * width
    chart.rects.push({ x: x(from), y: y(share), w: r1(x(from + width) - x(from) - 1), h: r1(BOTTOM - y(share)), c: 'hist-base', tip: `baseline ${formatMs(from)}–${formatMs(from + width)}: ${(share * 100).toFixed(1)}%` })
  })
  marker(chart, x, 'p50', input.p50, 0)
  marker(chart, x, 'p95', input.p95, 14)
  chart.legend = [{ c: 'hist', label: 'this run' }, ...(base.length ? [{ c: 'hist-base', label: 'baseline' }] : [])]
  return chart
}

function liveLatencies(samples: readonly SampleFigures[]): number[] {
  return samples.flatMap((s) => (s.latencyMs === undefined || s.cached ? [] : [s.latencyMs]))
}

function shares(values: readonly number[], width: number): number[] {
  const counts = new Array<number>(BINS).fill(0)
  for (const v of values) counts[Math.min(BINS - 1, Math.floor(v / width))]!++
  return counts.map((c) => c / values.length)
}

function axes(chart: Chart, x: (v: number) => number, y: (v: number) => number, hi: number, top: number): void {
  chart.grid.push({ x1: X0, y1: BOTTOM, x2: X1, y2: BOTTOM, c: 'axis' })
  for (let i = 0; i <= 4; i++) {
    const v = (hi * i) / 4
    chart.texts.push({ x: x(v), y: BOTTOM + 16, t: formatMs(v), c: 'tick', a: 'middle' })
    const s = (top * i) / 4
    chart.grid.push({ x1: X0, y1: y(s), x2: X1, y2: y(s), c: 'grid' })
    chart.texts.push({ x: X0 - 6, y: y(s) + 4, t: `${(s * 100).toFixed(0)}%`, c: 'tick', a: 'end' })
  }
}

function marker(chart: Chart, x: (v: number) => number, name: string, ms: number | null, dy: number): void {
  if (ms === null) return
  chart.lines.push({ x1: x(ms), y1: TOP - 4, x2: x(ms), y2: BOTTOM, c: 'marker' })
  chart.texts.push({ x: x(ms) + 4, y: TOP + 8 + dy, t: `${name} ${formatMs(ms)}`, c: 'value', a: 'start' })
}
