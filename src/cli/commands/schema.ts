import { configJsonSchema, suiteJsonSchema } from '../../config/index.js'
import type { CliIo } from '../io.js'

/** `evals schema [--config]`: the JSON Schema of suite files (or of evals.config.yaml). */
export function schemaCommand(options: { config?: boolean }, io: CliIo): number {
  const schema = options.config ? configJsonSchema() : suiteJsonSchema()
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`)
  return 0
}
