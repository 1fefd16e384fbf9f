import { InvalidArgumentError, type Command } from 'commander'

/** The fault-injection and strict-key options of `evals emulator` (faults are parsed by the command). */
export function addEmulatorOptions(command: Command): Command {
  return command
    .option('--fault <spec>', 'inject a fault: KIND:RATE (e.g. 429:0.1, 503:0.05) or KIND@N,N (request numbers, e.g. reset@3); KIND: '
      + '429, 500, 502, 503, 504, 5xx, reset, slow, malformed, stream-cut, task-error (repeatable)', collect, [])
    .option('--retry-after <seconds>', 'Retry-After of injected 429s (default 1)', nonNegativeInt)
    .option('--slow-ms <ms>', 'delay of injected slow answers (default 2000)', nonNegativeInt)
    .option('--fault-seed <n>', 'seed of the fault draws (default: the script\'s, else 1)', nonNegativeInt)
    .option('--api-key <key>', 'strict mode: accept only this key (repeatable)', collect, [])
    .option('--out-of-credit-key <key>', 'answer this key with 402 insufficientCredits (repeatable)', collect, [])
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function nonNegativeInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, found "${value}"`)
  return n
}
