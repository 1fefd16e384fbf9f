import { formatRate, formatUsd } from '../format.js'
import { clip, emptyChart, linear, logScale, seriesClass, type Chart } from './chart-svg.js'
import type { SideFigures, UnitFigures } from './units.js'

/**
 * Cost against pass rate, one point per suite × variant (up and to the left is better), with the
 * pass rate's interval as a vertical whisker; when comparing, a hollow point for the baseline and
 * a line to where the variant moved. Costs spanning more than a decade get a log axis.
 */

const WIDTH = 860
const X0 = 70
const X1 = 800
const TOP = 16
const BOTTOM = 270

export function costChart(units: readonly UnitFigures[]): Chart {
  const title = 'Cost vs pass rate per variant'
  const sides = units.flatMap((u) => [u.head, ...(u.base ? [u.base] : [])]).filter(drawable)
  const positive = sides.map((s) => s.costPerSample!).filter((c) => c > 0)
  const log = positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 8
  const caption = `Mean cost per sample (${log ? 'log scale; ' : ''}cached samples at their original cost) against the sample pass rate with its interval` +
    `${units.some((u) => u.base) ? '; hollow points are the baseline, lines show where each variant moved' : ''}.`
  if (positive.length === 0) return emptyChart(title, caption, 'No costs were recorded for these samples (includeCost: false, or no answers).')
  const lo = Math.min(...positive)
  const hi = Math.max(...positive)
  const x = log ? logScale(lo / 1.5, hi * 1.5, X0, X1) : linear(0, hi * 1.1, X0, X1)
  const xAt = (usd: number): number => (usd > 0 || !log ? x(usd) : X0)
  const y = linear(0, 1, BOTTOM, TOP)
  const chart: Chart = { ...emptyChart(title, caption, ''), width: WIDTH, height: BOTTOM + 34 }
  axes(chart, y, log ? logTicks(lo / 1.5, hi * 1.5) : [0, 1, 2, 3, 4].map((i) => (hi * 1.1 * i) / 4), xAt)
  for (const u of units) {
    if (u.base && drawable(u.base) && drawable(u.head)) {
      chart.lines.push({ x1: xAt(u.base.costPerSample!), y1: y(u.base.passRate!), x2: xAt(u.head.costPerSample!), y2: y(u.head.passRate!), c: 'move' })
    }
    if (u.base && drawable(u.base)) point(chart, xAt, y, u, u.base, 'pt-base', 'baseline ')
    if (drawable(u.head)) point(chart, xAt, y, u, u.head, `pt ${seriesClass(u.suiteIndex)}`, '')
  }
  placeLabels(chart, units.filter((u) => drawable(u.head)).map((u) => ({ x: xAt(u.head.costPerSample!), y: y(u.head.passRate!), t: clip(u.label, 28) })))
  if (units.some((u) => u.base)) chart.legend = [{ c: 'pt-base', label: 'baseline' }, { c: `pt ${seriesClass(0)}`, label: 'this run' }]
  return chart
}

type Box = [number, number, number, number]

/** Put each point's label beside it where it overlaps no label placed before (else at the first spot that fits). */
function placeLabels(chart: Chart, points: ReadonlyArray<{ x: number; y: number; t: string }>): void {
  const placed: Box[] = []
  for (const p of points) {
    const w = p.t.length * 6.6
    const spots = [[8, -6], [8, 14], [-8, -6], [-8, 14], [8, -20], [-8, 28], [8, 28], [-8, -20]] as const
    const boxes = spots.map(([dx, dy]): { box: Box; a: 'start' | 'end'; x: number; y: number } => {
      const x = p.x + dx
      const y = p.y + dy
      return dx > 0 ? { box: [x, y - 10, x + w, y + 2], a: 'start', x, y } : { box: [x - w, y - 10, x, y + 2], a: 'end', x, y }
    }).filter((s) => s.box[0] >= 0 && s.box[2] <= WIDTH)
    const spot = boxes.find((s) => !placed.some((b) => overlaps(b, s.box))) ?? boxes[0]
    if (!spot) continue
    placed.push(spot.box)
    chart.texts.push({ x: spot.x, y: spot.y, t: p.t, c: 'label', a: spot.a })
  }
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

function drawable(f: SideFigures): boolean {
  return f.costPerSample !== null && f.passRate !== null
}

function point(chart: Chart, x: (v: number) => number, y: (v: number) => number, u: UnitFigures, f: SideFigures, c: string, prefix: string): void {
  const cx = x(f.costPerSample!)
  if (f.interval) chart.lines.push({ x1: cx, y1: y(f.interval.lower), x2: cx, y2: y(f.interval.upper), c: 'whisker' })
  chart.circles.push({
    x: cx, y: y(f.passRate!), r: 5, c,
    tip: `${prefix}${u.label}: pass rate ${formatRate(f.passRate)}, ${formatUsd(f.costPerSample)} per sample`,
  })
}

function axes(chart: Chart, y: (v: number) => number, xTicks: readonly number[], x: (v: number) => number): void {
  chart.grid.push({ x1: X0, y1: BOTTOM, x2: X1, y2: BOTTOM, c: 'axis' })
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    chart.grid.push({ x1: X0, y1: y(t), x2: X1, y2: y(t), c: 'grid' })
    chart.texts.push({ x: X0 - 6, y: y(t) + 4, t: formatRate(t).replace('.0%', '%'), c: 'tick', a: 'end' })
  }
  for (const t of xTicks) chart.texts.push({ x: x(t), y: BOTTOM + 16, t: formatUsd(t), c: 'tick', a: 'middle' })
  chart.texts.push({ x: (X0 + X1) / 2, y: BOTTOM + 31, t: 'cost per sample', c: 'tick', a: 'middle' })
}

/** Five ticks evenly spaced on a log axis. */
function logTicks(lo: number, hi: number): number[] {
  const [l0, l1] = [Math.log10(lo), Math.log10(hi)]
  return [0, 1, 2, 3, 4].map((i) => 10 ** (l0 + ((l1 - l0) * i) / 4))
}
