/**
 * Inline `javascript` assertion code: an expression (`output.length < 80`) or, when it
 * contains `return`, a function body. It runs as an async function of `output`, `vars` and
 * `sample`, in-process and with full access, like any code in the project.
 */

export type InlineGrader = (output: string, vars: Record<string, unknown>, sample: unknown) => Promise<unknown>

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => InlineGrader

/** Compile inline code; throws a SyntaxError when it does not compile. */
export function compileInlineCode(code: string): InlineGrader {
  const body = /\breturn\b/.test(code) ? code : `return (${code}\n)`
  return new AsyncFunction('output', 'vars', 'sample', body)
}

/** Why inline code does not compile, or undefined when it does. */
export function inlineCodeError(code: string): string | undefined {
  try {
    compileInlineCode(code)
    return undefined
  } catch (err) {
    return `javascript does not compile: ${err instanceof Error ? err.message : String(err)}`
  }
}
