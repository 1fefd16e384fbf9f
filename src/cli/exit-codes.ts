/** Exit codes, the same for every command (DESIGN.md). */
export const ExitCode = {
  Ok: 0,
  /** The run fails its thresholds or the gate found a regression. */
  Failed: 1,
  /** Usage, config or input error. */
  Usage: 2,
  /** Infrastructure failure: provider errors beyond the allowed rate, storage failure. */
  Infra: 3,
  /** A bug in evals itself. */
  Internal: 4,
  /** Interrupted by Ctrl+C (the shell convention, 128 + SIGINT). */
  Interrupted: 130,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
