import { resolve } from 'node:path'
import { UsageError } from '../../core/index.js'
import { loadEmulatorScript, parseFaultFlag, startEmulator, type FaultSpec } from '../../provider/index.js'
import type { CliIo } from '../io.js'

export interface EmulatorCommandOptions {
  port?: number
  script?: string
  /** Raw `--fault` specs. */
  fault?: string[]
  retryAfter?: number
  slowMs?: number
  faultSeed?: number
  apiKey?: string[]
  outOfCreditKey?: string[]
}

/**
 * `evals emulator`: the Runware emulator standalone on loopback; its URL is the first line
 * printed. Faults from the command line are added to the script's; `--api-key` turns on
 * strict mode (only those keys are valid).
 */
export async function emulatorCommand(options: EmulatorCommandOptions, io: CliIo): Promise<number> {
  const script = options.script ? loadEmulatorScript(resolve(io.cwd, options.script)) : undefined
  const faults = (options.fault ?? []).map((spec) => withParameters(parseFault(spec), options))
  const apiKeys = options.apiKey?.length ? options.apiKey : undefined
  const emulator = await startEmulator({
    port: options.port ?? 0,
    script,
    faults,
    ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
    ...(apiKeys ? { apiKeys } : {}),
    noCreditKeys: options.outOfCreditKey ?? [],
  })
  io.stdout.write(`${emulator.url}\n`)
  io.stderr.write('Runware emulator listening on loopback (Ctrl+C stops it)\n')
  io.stderr.write(`  native API POST ${emulator.url} · WebSocket ${emulator.wsUrl} · OpenAI-compatible POST ${emulator.url}/chat/completions\n`)
  if (apiKeys) io.stderr.write(`  strict keys: ${apiKeys.length} accepted key(s)\n`)
  for (const f of faults) io.stderr.write(`  fault ${f.kind}${f.status ? ` ${f.status}` : ''} ${f.rate !== undefined ? `at rate ${f.rate}` : `on requests ${f.at!.join(', ')}`}\n`)
  await new Promise<void>((done) => {
    const detach = io.onInterrupt(() => {
      detach()
      done()
    })
  })
  await emulator.close()
  return 0
}

function parseFault(spec: string): FaultSpec {
  const { fault, error } = parseFaultFlag(spec)
  if (!fault) throw new UsageError(`--fault: ${error ?? 'bad fault'}`, 'USAGE_BAD_FAULT')
  return fault
}

function withParameters(fault: FaultSpec, options: EmulatorCommandOptions): FaultSpec {
  if (fault.kind === 'rate_limit' && options.retryAfter !== undefined) return { ...fault, retryAfterSeconds: options.retryAfter }
  if (fault.kind === 'slow' && options.slowMs !== undefined) return { ...fault, delayMs: options.slowMs }
  return fault
}
