/**
 * config: reads evals.config.yaml, suite files and datasets; validates them (zod + cross-field
 * rules, every issue at once with file:line:col and key path) and resolves them into the
 * `Project` the rest of the harness consumes. Also owns prompt templating and the JSON Schemas
 * of the written files. May import only `../core/index.js` and libraries.
 */
export { loadProject, type LoadProjectOptions } from './load-project.js'
export { CONFIG_FILE } from './load-config.js'
export { createTemplateRenderer, renderTemplate, isTemplate, TemplateError } from './template.js'
export type { TemplateRenderer, TemplateErrorCode } from './template.js'
export { suiteJsonSchema, configJsonSchema } from './json-schema.js'
export { DEFAULT_THINKING_LEVELS } from './schema.js'
export { DEFAULT_VARIANT } from './variants.js'
export { compileInlineCode, type InlineGrader } from './inline-code.js'
export * from './types.js'
export * from './assertions.js'
