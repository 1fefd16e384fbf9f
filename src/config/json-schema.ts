import { z } from 'zod'
import { ProjectFileSchema, SuiteFileSchema } from './schema.js'

/**
 * JSON Schemas of the written files, for editors (`# yaml-language-server: $schema=...`)
 * and `evals schema`. Generated from the zod schemas with io "input", so keys that have
 * defaults are optional and values are described as the user writes them.
 */

export function suiteJsonSchema(): Record<string, unknown> {
  return { title: 'evals suite', ...z.toJSONSchema(SuiteFileSchema, { io: 'input', unrepresentable: 'any' }) }
}

export function configJsonSchema(): Record<string, unknown> {
  return { title: 'evals.config.yaml', ...z.toJSONSchema(ProjectFileSchema, { io: 'input', unrepresentable: 'any' }) }
}
