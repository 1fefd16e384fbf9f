import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configJsonSchema, suiteJsonSchema } from '../../src/config/index.js'

const ROOT = resolve(__dirname, '..', '..')

/** The committed schema files that editors read must match the zod schemas. */
describe('committed JSON Schemas', () => {
  it.each([
    ['schema/suite.schema.json', suiteJsonSchema],
    ['schema/config.schema.json', configJsonSchema],
  ])('%s is up to date (regenerate with `npx evals schema`)', (file, make) => {
    expect(JSON.parse(readFileSync(join(ROOT, file), 'utf8'))).toEqual(make())
  })
})
