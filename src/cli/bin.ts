import { main } from './main.js'

/**
 * The process entry (bin/evals.js calls it): the only place that exits, after stdout and
 * stderr are flushed.
 */
export async function start(argv: string[]): Promise<void> {
  const code = await main(argv)
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}
