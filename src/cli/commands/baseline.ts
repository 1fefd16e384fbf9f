import { isAbsolute, join, relative, resolve } from 'node:path'
import { UsageError } from '../../core/index.js'
import { writeBaseline } from '../../store/index.js'
import type { CliIo } from '../io.js'
import { projectConfig, withStore } from '../project-database.js'
import { suitesOfRun } from '../run-ref.js'

const NAME = /^[A-Za-z0-9_.-]+$/

/**
 * `evals baseline save <run> <name>`: export a stored run to `<baselinesDir>/<name>.json` (or
 * `--out`), a portable file meant to be committed; `--baseline <name>` reads it back.
 */
export function baselineSaveCommand(ref: string, name: string, options: { out?: string; database?: string }, io: CliIo): number {
  if (!NAME.test(name) || name.endsWith('.json')) {
    throw new UsageError(`baseline name "${name}": expected letters, digits, "_", "." and "-" (without .json), e.g. "main"`, 'BASELINE_NAME')
  }
  const config = projectConfig(io.cwd, options.database)
  return withStore(config, (store) => {
    const meta = store.getRun(ref)
    if (!meta) throw new UsageError(`no stored run matches "${ref}" (see \`evals runs\`)`, 'RUN_NOT_FOUND')
    if (meta.status === 'running' || meta.status === 'interrupted') {
      throw new UsageError(`run ${meta.id} is ${meta.status}; a baseline must be a finished run (\`evals run --resume ${meta.id}\` finishes it)`, 'RUN_INCOMPLETE')
    }
    const samples = store.loadSamples(meta.id)
    const dir = config.baselinesDir ?? join(config.root, 'baselines')
    const file = options.out ? (isAbsolute(options.out) ? options.out : resolve(io.cwd, options.out)) : join(dir, `${name}.json`)
    writeBaseline(file, { name, meta, suites: suitesOfRun(meta), samples })
    const cases = new Set(samples.map((s) => `${s.key.suite}\u0000${s.key.caseId}\u0000${s.key.variant}`)).size
    io.stdout.write(`Saved baseline ${name}: ${relative(io.cwd, file) || file} (run ${meta.id}, ${cases} cases, ${samples.length} samples)\n`)
    return 0
  })
}
