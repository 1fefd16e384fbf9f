import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve, relative } from 'node:path'
import { UsageError } from '../../core/index.js'
import { loadProject, type Project } from '../../config/index.js'
import { openStore } from '../../store/index.js'
import { summarizeSamples } from '../../compare/index.js'
import { buildRunPageModel, renderRunPage } from '../../report/index.js'
import type { CliIo } from '../io.js'
import { passRulesOf, suiteOrderOf } from '../project-views.js'

/** `evals report <run> [--out file]`: (re)render the HTML page of a stored run. */
export function reportCommand(ref: string, options: { out?: string }, io: CliIo): number {
  const project = loadProject(io.cwd, { paths: [] })
  const store = openStore(project.config.database)
  try {
    const meta = store.getRun(ref)
    if (!meta) throw new UsageError(`no stored run matches "${ref}" (see \`evals runs\`)`, 'RUN_NOT_FOUND')
    const samples = store.loadSamples(meta.id)
    const stored = (meta.config as Project | undefined) ?? { suites: [] }
    const summary = summarizeSamples(samples, passRulesOf(stored), suiteOrderOf(stored))
    const file = options.out ? resolve(io.cwd, options.out) : join(project.config.reportsDir, meta.id, 'index.html')
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, renderRunPage(buildRunPageModel(meta, summary, samples)))
    io.stdout.write(`${relative(io.cwd, file)}\n`)
    return 0
  } finally {
    store.close()
  }
}
