import type { Interval } from '../../compare/index.js'
import { formatRate } from '../format.js'
import { clip, emptyChart, linear, seriesClass, type Chart } from './chart-svg.js'
import type { SideFigures, UnitFigures } from './units.js'

/** Pass rate per suite × variant as horizontal bars with Wilson-interval whiskers; the baseline's beside it. */

const WIDTH = 860
const LABEL_END = 200
const X0 = 210
const X1 = 680
const TOP = 26

export function passRateChart(units: readonly UnitFigures[], confidence: number): Chart {
  const title = 'Pass rate per variant'
  const level = `${Math.round(confidence * 100)}%`
  const comparing = units.some((u) => u.base)
  const caption = `Sample pass rate (passed / graded; errors left out) with its ${level} Wilson interval${comparing ? ', baseline (grey) above this run' : ''}.`
  if (units.length === 0) return emptyChart(title, caption, 'No samples to draw.')
  const rowH = comparing ? 36 : 24
  const x = linear(0, 1, X0, X1)
  const height = TOP + units.length * rowH + 8
  const chart: Chart = { ...emptyChart(title, caption, ''), width: WIDTH, height }
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    chart.grid.push({ x1: x(t), y1: TOP - 6, x2: x(t), y2: height - 4, c: 'grid' })
    chart.texts.push({ x: x(t), y: TOP - 10, t: formatRate(t).replace('.0%', '%'), c: 'tick', a: 'middle' })
  }
  units.forEach((u, i) => {
    const y = TOP + i * rowH
    const headY = comparing ? y + 17 : y + 5
    chart.texts.push({ x: LABEL_END, y: headY + 11, t: clip(u.label, 30), c: 'label', a: 'end' })
    if (u.base) bar(chart, x, u.base, y + 4, 10, 'bar-base', `baseline ${u.label}`, 'baseline ')
    bar(chart, x, u.head, headY, 14, `bar ${seriesClass(u.suiteIndex)}`, u.label, '')
  })
  if (comparing) chart.legend = [{ c: 'bar-base', label: 'baseline' }, { c: `bar ${seriesClass(0)}`, label: 'this run' }]
  return chart
}

function bar(chart: Chart, x: (v: number) => number, f: SideFigures, y: number, h: number, c: string, what: string, prefix: string): void {
  const value = `${prefix}${formatRate(f.passRate)}${f.interval ? ` ${range(f.interval)}` : ''}`
  chart.texts.push({ x: X1 + 12, y: y + h - 2, t: value, c: 'value', a: 'start' })
  if (f.passRate === null) return
  chart.rects.push({ x: X0, y, w: Math.max(0.5, x(f.passRate) - X0), h, c, tip: `${what}: ${value} over ${f.samples} samples` })
  if (!f.interval) return
  const mid = y + h / 2
  const [lo, hi] = [x(f.interval.lower), x(f.interval.upper)]
  chart.lines.push({ x1: lo, y1: mid, x2: hi, y2: mid, c: 'whisker' })
  chart.lines.push({ x1: lo, y1: mid - 4, x2: lo, y2: mid + 4, c: 'whisker' })
  chart.lines.push({ x1: hi, y1: mid - 4, x2: hi, y2: mid + 4, c: 'whisker' })
}

function range(i: Interval): string {
  return `[${(i.lower * 100).toFixed(1)}–${(i.upper * 100).toFixed(1)}]`
}
