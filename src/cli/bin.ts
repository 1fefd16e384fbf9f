import { main } from './main.js'

/** The process entry: the only place that exits, after stdout and stderr are flushed. */
const code = await main(process.argv)
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
