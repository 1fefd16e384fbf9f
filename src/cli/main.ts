import { readFileSync } from 'node:fs'
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import { ConfigError, HarnessError, InfraError, StoreError, UsageError } from '../core/index.js'
import { ExitCode } from './exit-codes.js'
import { processIo, type CliIo } from './io.js'
import { addCiOptions, addGateCommands } from './gate-commands.js'
import { addEmulatorOptions } from './emulator-options.js'

/**
 * cli: commander wiring, the only place where modules are composed, and the one place
 * that turns results and errors into exit codes. May import every module; none imports it.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code: number = ExitCode.Ok
  const program = buildProgram(io, (c) => (code = c))
  try {
    await program.parseAsync(argv)
    return code
  } catch (error) {
    return reportError(error, io)
  }
}

function buildProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('evals')
    .description('Evaluation and regression testing for GPT-5 Mini on Runware')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  program
    .command('run')
    .description('run suites (default: evals/) and store the run')
    .argument('[paths...]', 'suite files or directories')
    .option('--json', 'print one machine-readable summary object on stdout')
    .option('-c, --concurrency <n>', 'requests in flight at once', positiveInt)
    .option('--provider <name>', 'emulator | runware', providerName)
    .option('--database <file>', 'SQLite database to store the run in')
    .option('--no-cache', 'ask the provider even when the response cache has the answer (fresh answers refresh it)')
    .option('--resume <run>', 'run only the samples a stored run still lacks (run id, unique prefix or "latest")')
    .option('--dry-run', 'print the plan and its estimated cost; send and store nothing')
    .option('--max-cost <usd>', 'start no request that would take the run over this many US dollars', nonNegativeUsd)
    .option('--shard <k/n>', 'run part k of n of the plan (deterministic; `evals merge` joins the parts)', shardSpec)
  addCiOptions(program.commands.at(-1)!)
    .action(async (paths: string[], opts) => setCode(await (await import('./commands/run.js')).runCommand(paths, opts, io)))
  program
    .command('validate')
    .description('check config, suites and datasets; every problem as file:line:col  key  message')
    .argument('[paths...]', 'suite files or directories')
    .action(async (paths: string[]) => setCode((await import('./commands/validate.js')).validateCommand(paths, io)))
  program
    .command('runs')
    .description('list stored runs')
    .option('-n, --limit <n>', 'how many', positiveInt)
    .option('--json', 'machine-readable output')
    .action(async (opts) => setCode((await import('./commands/runs.js')).runsCommand(opts, io)))
  program
    .command('report')
    .description('(re)render the HTML report of a run')
    .argument('<run>', 'run id, unique prefix or "latest"')
    .option('-o, --out <file>', 'where to write the HTML (default reports/<runId>/index.html)')
  addCiOptions(program.commands.at(-1)!)
    .action(async (ref: string, opts) => setCode((await import('./commands/report.js')).reportCommand(ref, opts, io)))
  program
    .command('schema')
    .description('print the JSON Schema of suite files (for editor validation of YAML)')
    .option('--config', 'print the schema of evals.config.yaml instead')
    .action(async (opts) => setCode((await import('./commands/schema.js')).schemaCommand(opts, io)))
  program
    .command('emulator')
    .description('start the Runware emulator standalone on loopback; prints its URL first')
    .option('-p, --port <n>', 'port (default: a free one)', portNumber)
    .option('--script <file>', 'emulator behaviour file')
  addEmulatorOptions(program.commands.at(-1)!)
    .action(async (opts) => setCode(await (await import('./commands/emulator.js')).emulatorCommand(opts, io)))
  addStorageCommands(program, io, setCode)
  addGateCommands(program, io, setCode)
  return program
}

function addStorageCommands(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const cache = program.command('cache').description('the response cache: `stats` or `clear`')
  cache
    .command('stats')
    .description('entries, size, age and what cached samples saved')
    .option('--json', 'machine-readable output')
    .option('--database <file>', 'SQLite database (default: the project\'s)')
    .action(async (opts) => setCode((await import('./commands/cache.js')).cacheStatsCommand(opts, io)))
  cache
    .command('clear')
    .description('remove cached responses (all, or only the expired ones)')
    .option('--expired', 'only entries older than cache.ttlDays')
    .option('--database <file>', 'SQLite database (default: the project\'s)')
    .action(async (opts) => setCode((await import('./commands/cache.js')).cacheClearCommand(opts, io)))
  program
    .command('merge')
    .description('combine runs from other databases (e.g. the shards of a run) into one run')
    .argument('<files...>', 'SQLite databases, each optionally with #<run> (default: its latest run)')
    .option('--database <file>', 'database to store the merged run in (default: the project\'s)')
    .option('--json', 'machine-readable output')
    .action(async (files: string[], opts) => setCode((await import('./commands/merge.js')).mergeCommand(files, opts, io)))
  program
    .command('gc')
    .description('delete old runs (keeps named and running runs), expired cache entries and unused blobs, then VACUUM')
    .option('--keep-last <n>', 'keep the newest N runs (default: keep every run)', nonNegativeInt)
    .option('--database <file>', 'SQLite database (default: the project\'s)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => setCode((await import('./commands/gc.js')).gcCommand(opts, io)))
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.Ok
    return ExitCode.Usage
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`${error.message}\n${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} found.\n`)
    return ExitCode.Usage
  }
  if (error instanceof UsageError) return fail(io, `error: ${error.message}`, ExitCode.Usage)
  if (error instanceof StoreError || error instanceof InfraError) return fail(io, `error [${error.code}]: ${error.message}`, ExitCode.Infra)
  if (error instanceof HarnessError && error.code.startsWith('CONFIG')) return fail(io, `error [${error.code}]: ${error.message}`, ExitCode.Usage)
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
  return fail(io, `internal error (please report it):\n${detail}`, ExitCode.Internal)
}

function fail(io: CliIo, message: string, code: number): number {
  io.stderr.write(`${message}\n`)
  return code
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, found "${value}"`)
  return n
}

function nonNegativeInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number 0 or more, found "${value}"`)
  return n
}

function nonNegativeUsd(value: string): number {
  const n = Number(value.replace(/^\$/, ''))
  if (!value.trim() || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected an amount in US dollars such as 2.50, found "${value}"`)
  return n
}

function shardSpec(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim())
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected k/n with 1 ≤ k ≤ n (e.g. 2/3), found "${value}"`)
  }
  return { index, count }
}

function portNumber(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`expected a port 0-65535, found "${value}"`)
  return n
}

function providerName(value: string): 'emulator' | 'runware' {
  if (value !== 'emulator' && value !== 'runware') throw new InvalidArgumentError(`expected "emulator" or "runware", found "${value}"`)
  return value
}
