/**
 * core: shared types, errors with stable codes and hashing helpers.
 * Imports nothing from the project; every other module may import it.
 */
export * from './types.js'
export * from './errors.js'
export * from './hash.js'
export * from './yaml-source.js'
export * from './lazy-require.js'
export * from './import-file.js'
