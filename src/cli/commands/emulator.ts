import { resolve } from 'node:path'
import { loadEmulatorScript, startEmulator } from '../../provider/index.js'
import type { CliIo } from '../io.js'

/** `evals emulator`: the Runware emulator standalone on loopback; its URL is the first line printed. */
export async function emulatorCommand(options: { port?: number; script?: string }, io: CliIo): Promise<number> {
  const script = options.script ? loadEmulatorScript(resolve(io.cwd, options.script)) : undefined
  const emulator = await startEmulator({ port: options.port ?? 0, script })
  io.stdout.write(`${emulator.url}\n`)
  io.stderr.write('Runware emulator listening on loopback (Ctrl+C stops it)\n')
  await new Promise<void>((done) => {
    const detach = io.onInterrupt(() => {
      detach()
      done()
    })
  })
  await emulator.close()
  return 0
}
