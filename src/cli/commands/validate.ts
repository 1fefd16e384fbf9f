import { loadProject } from '../../config/index.js'
import { loadEmulatorScript } from '../../provider/index.js'
import type { CliIo } from '../io.js'

/** `evals validate [paths…]`: load everything, print a summary; problems surface as a ConfigError (exit 2). */
export function validateCommand(paths: string[], io: CliIo): number {
  const project = loadProject(io.cwd, { paths: paths.length ? paths : undefined })
  if (project.config.provider.emulatorScript) loadEmulatorScript(project.config.provider.emulatorScript, { thinkingLevels: project.config.thinkingLevels })
  const cases = project.suites.reduce((n, s) => n + s.cases.length, 0)
  const samples = project.suites.reduce((n, s) => n + s.cases.length * s.variants.length * s.seeds.length * s.numberResults, 0)
  io.stdout.write(`✓ ${project.suites.length} suites, ${cases} cases, ${samples} samples planned: no problems found\n`)
  return 0
}
