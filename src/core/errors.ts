/**
 * Errors with stable codes. Messages say what was expected and what was found;
 * wrapped errors keep `cause`. Only the CLI maps them to exit codes.
 */

/** One located problem in an input file (config, suite, dataset). */
export interface Issue {
  file: string
  line?: number
  col?: number
  /** Dotted key path inside the file, e.g. `cases[2].assert[0].value`. */
  path: string
  message: string
}

export class HarnessError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/** Bad user input: usage, config, suite or dataset problems (exit 2). */
export class ConfigError extends HarnessError {
  readonly issues: Issue[]
  constructor(issues: Issue[], code = 'CONFIG_INVALID') {
    super(code, issues.map(formatIssue).join('\n'))
    this.issues = issues
  }
}

/** Wrong command-line usage (exit 2). */
export class UsageError extends HarnessError {
  constructor(message: string, code = 'USAGE') {
    super(code, message)
  }
}

/** Storage failure (exit 3). */
export class StoreError extends HarnessError {}

/** Infrastructure failure such as a provider beyond its error budget (exit 3). */
export class InfraError extends HarnessError {}

export function formatIssue(issue: Issue): string {
  const where = issue.line ? `${issue.file}:${issue.line}:${issue.col ?? 1}` : issue.file
  return `${where}  ${issue.path || '(root)'}  ${issue.message}`
}
