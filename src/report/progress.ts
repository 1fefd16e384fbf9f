import type { SampleRecord } from '../core/index.js'

/**
 * A progress bar on a TTY (quiet otherwise), redrawn at most every 100 ms.
 * Structurally a runner listener (report does not import the runner).
 */
export interface ProgressListener {
  onRunStart?(plan: { sampleCount: number }): void
  onSampleEnd?(sample: SampleRecord): void
  onRunEnd?(): void
}

export function progressListener(stream: NodeJS.WriteStream): ProgressListener {
  if (!stream.isTTY) return {}
  let total = 0
  const counts = { done: 0, pass: 0, fail: 0, error: 0 }
  let last = 0
  const draw = (force: boolean): void => {
    const now = Date.now()
    if (!force && now - last < 100) return
    last = now
    const width = 30
    const filled = total ? Math.round((counts.done / total) * width) : width
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled)
    stream.write(`\r${bar} ${counts.done}/${total}  pass ${counts.pass}  fail ${counts.fail}  error ${counts.error} `)
  }
  return {
    onRunStart(plan: { sampleCount: number }) {
      total = plan.sampleCount
      draw(true)
    },
    onSampleEnd(sample: SampleRecord) {
      counts.done++
      counts[sample.outcome]++
      draw(false)
    },
    onRunEnd() {
      draw(true)
      stream.write('\n')
    },
  }
}
