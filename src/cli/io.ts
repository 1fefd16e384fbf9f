/** What a command may touch of the process: streams, env, cwd and Ctrl+C. */
export interface CliIo {
  cwd: string
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WriteStream
  stderr: NodeJS.WriteStream
  /** Call `handler` on the first Ctrl+C; returns a function that detaches it. */
  onInterrupt(handler: () => void): () => void
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    onInterrupt(handler) {
      let count = 0
      const listener = (): void => {
        count++
        if (count === 1) {
          process.stderr.write('\nInterrupted: finishing the requests in flight (Ctrl+C again to abort at once)…\n')
          handler()
        } else {
          process.exit(130)
        }
      }
      process.on('SIGINT', listener)
      return () => process.off('SIGINT', listener)
    },
  }
}
