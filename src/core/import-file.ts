/**
 * `import()` of a user's module file (a javascript assertion's `file`), by URL.
 *
 * The installed CLI runs its bundle as a compiled script (bin/evals.js, for V8's code cache),
 * and a script compiled that way cannot `import()` on Node 20 without an experimental flag. So
 * bin/evals.js passes its own `import` in as `__evalsImport`; from the unbundled modules (the
 * tests, `dist/cli`) that name is not defined and the module's own `import()` is used.
 */
declare const __evalsImport: ((url: string) => Promise<Record<string, unknown>>) | undefined

export function importFile(url: string): Promise<Record<string, unknown>> {
  return typeof __evalsImport === 'function' ? __evalsImport(url) : import(url) as Promise<Record<string, unknown>>
}
