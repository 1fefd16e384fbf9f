import { createRequire } from 'node:module'

/**
 * A CommonJS dependency loaded on first use rather than at start-up: ajv and diff cost tens of
 * milliseconds to evaluate and most runs never use them. Node caches the module after the
 * first call, so calling this again is a lookup. (The bundler leaves such calls alone.)
 */
const requireFromHere = createRequire(import.meta.url)

export function lazyRequire<T>(id: string): T {
  return requireFromHere(id) as T
}
