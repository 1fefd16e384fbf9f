import type { Command } from 'commander'
import type { CliIo } from './io.js'

/** `evals compare` and `evals baseline save`, and the CI options shared with `run` and `report`. */

/** --baseline, --junit, --markdown and --strict on a command. */
export function addCiOptions(command: Command): Command {
  return addOutputOptions(command
    .option('--baseline <ref>', 'gate against a baseline: a name in baselines/, a stored run (id, prefix, "latest") or a .json file'))
}

/** --junit, --markdown and --strict. */
function addOutputOptions(command: Command): Command {
  return command
    .option('--junit <file>', 'write JUnit XML (suites -> testsuites, cases -> testcases, errors apart from failures)')
    .option('--markdown <file>', 'write a PR-comment-ready Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)')
    .option('--strict', 'an inconclusive gate fails too (exit 1)')
}

export function addGateCommands(program: Command, io: CliIo, setCode: (code: number) => void): void {
  addOutputOptions(program
    .command('compare')
    .description('paired comparison of two runs; the exit code is the gate\'s verdict')
    .argument('<base>', 'baseline name, stored run (id, prefix, "latest") or .json file')
    .argument('<head>', 'the same kinds of reference')
    .option('--json', 'print the comparison as JSON')
    .option('--database <file>', 'SQLite database (default: the project\'s)'))
    .action(async (base: string, head: string, opts) =>
      setCode((await import('./commands/compare.js')).compareCommand(base, head, opts, io)))
  const baseline = program.command('baseline').description('baseline files: `save`')
  baseline
    .command('save')
    .description('export a stored run to baselines/<name>.json, a portable file to commit')
    .argument('<run>', 'run id, unique prefix or "latest"')
    .argument('<name>', 'baseline name, e.g. main')
    .option('-o, --out <file>', 'write here instead of baselines/<name>.json')
    .option('--database <file>', 'SQLite database (default: the project\'s)')
    .action(async (ref: string, name: string, opts) =>
      setCode((await import('./commands/baseline.js')).baselineSaveCommand(ref, name, opts, io)))
}
