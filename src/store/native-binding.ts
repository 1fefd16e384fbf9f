import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Where better-sqlite3's install put its compiled addon (build/Release), for `new Database`'s
 * `nativeBinding` option; undefined when it is not there, and better-sqlite3 then searches as
 * usual. That search (the `bindings` package tries a dozen paths, each a failed `require`) took
 * ~7 ms of every command. Resolving the package is a cache lookup: it is already loaded.
 */
export function betterSqliteAddon(): string | undefined {
  const main = createRequire(import.meta.url).resolve('better-sqlite3') // <package>/lib/index.js
  const addon = join(dirname(main), '..', 'build', 'Release', 'better_sqlite3.node')
  return existsSync(addon) ? addon : undefined
}
