/**
 * Charts as plain shapes: a chart builder computes every coordinate, and one generic template
 * draws any chart as inline SVG (escaped like everything else; no style attributes, colours
 * come from classes). Nothing is fetched, nothing is scripted.
 */

export interface ChartRect { x: number; y: number; w: number; h: number; c: string; tip: string }
export interface ChartLine { x1: number; y1: number; x2: number; y2: number; c: string }
export interface ChartCircle { x: number; y: number; r: number; c: string; tip: string }
export interface ChartText { x: number; y: number; t: string; c: string; a: 'start' | 'middle' | 'end' }

export interface Chart {
  title: string
  /** One sentence on how to read it (also the SVG's accessible description). */
  caption: string
  width: number
  height: number
  /** Grid lines and axes, drawn first (under everything). */
  grid: ChartLine[]
  rects: ChartRect[]
  lines: ChartLine[]
  circles: ChartCircle[]
  texts: ChartText[]
  /** Set instead of shapes when there is nothing to draw, saying why. */
  empty: string
  legend: Array<{ c: string; label: string }>
}

export function emptyChart(title: string, caption: string, why: string): Chart {
  return { title, caption, width: 0, height: 0, grid: [], rects: [], lines: [], circles: [], texts: [], empty: why, legend: [] }
}

/** Round to one decimal: smaller pages, identical rendering. */
export function r1(x: number): number {
  return Math.round(x * 10) / 10
}

/** A linear scale from [d0, d1] onto [p0, p1]. */
export function linear(d0: number, d1: number, p0: number, p1: number): (v: number) => number {
  const span = d1 - d0 || 1
  return (v) => r1(p0 + ((v - d0) / span) * (p1 - p0))
}

/** A log10 scale from [d0, d1] (both > 0) onto [p0, p1]. */
export function logScale(d0: number, d1: number, p0: number, p1: number): (v: number) => number {
  const l0 = Math.log10(d0)
  const span = Math.log10(d1) - l0 || 1
  return (v) => r1(p0 + ((Math.log10(v) - l0) / span) * (p1 - p0))
}

/** Colour class of the i-th suite (a small fixed palette, repeated). */
export function seriesClass(i: number): string {
  return `s${i % 6}`
}

/** Cut a label to n characters for a chart (the full text is in the tooltip). */
export function clip(label: string, n: number): string {
  return label.length > n ? `${label.slice(0, n - 1)}…` : label
}
