import fs from 'node:fs'
import path from 'node:path'
import type { Ajv } from 'ajv'
import { lazyRequire, parseYamlSource, type Issue } from '../core/index.js'

/**
 * Files referenced from config and suites: resolution inside the project root, reading,
 * structured (JSON/YAML) loading with located issues, and JSON Schema compilation checks.
 */

/** A file inside the project: absolute path plus the path relative to the root (for issues). */
export interface FileRef {
  abs: string
  rel: string
}

/** Path of `abs` relative to `root`, with forward slashes. */
export function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/') || '.'
}

export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** Resolve `p` against `baseDir`; refuse paths that leave the project root. */
export function resolveInside(root: string, baseDir: string, p: string): { ref?: FileRef; error?: string } {
  const abs = path.resolve(baseDir, p)
  if (!isInside(root, abs)) {
    return { error: `path "${p}" resolves outside the project root (${abs}); expected a file inside ${root}` }
  }
  return { ref: { abs, rel: relativeTo(root, abs) } }
}

/**
 * Read a UTF-8 text file. A file that cannot be read gives `error` (to be reported where the
 * file is referenced); bytes that are not UTF-8 give `issue`, located at the first bad byte.
 */
export function readText(ref: FileRef): { text?: string; error?: string; issue?: Issue } {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(ref.abs)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { error: `file not found: ${ref.rel}` }
    if (code === 'EISDIR') return { error: `expected a file, found a directory: ${ref.rel}` }
    return { error: `cannot read ${ref.rel}: ${code ?? String(err)}` }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { issue: invalidUtf8(ref, bytes) }
  }
}

/** Where the first byte that is not UTF-8 is (the lossy decoding first differs from the bytes there). */
function invalidUtf8(ref: FileRef, bytes: Buffer): Issue {
  const lossy = Buffer.from(bytes.toString('utf8'), 'utf8')
  let offset = 0
  while (offset < bytes.length && bytes[offset] === lossy[offset]) offset++
  const lines = bytes.subarray(0, offset).toString('utf8').split('\n')
  const hex = (bytes[offset] ?? 0).toString(16).padStart(2, '0')
  return {
    file: ref.rel, line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1, path: '',
    message: `not valid UTF-8: byte 0x${hex} at offset ${offset}; expected a UTF-8 text file`,
  }
}

const STRUCTURED = /\.(json|ya?ml)$/i

/**
 * Load a .json/.yaml/.yml file as a value. File-level problems (missing, wrong extension)
 * come back as `error` (to be reported where the file is referenced); problems inside
 * the file come back as located `issues`.
 */
export function loadStructured(ref: FileRef): { value?: unknown; error?: string; issues: Issue[] } {
  if (!STRUCTURED.test(ref.abs)) return { error: `expected a .json, .yaml or .yml file, found "${ref.rel}"`, issues: [] }
  const read = readText(ref)
  if (read.issue) return { issues: [read.issue] }
  if (read.text === undefined) return { error: read.error, issues: [] }
  const { source, issues } = parseYamlSource(ref.rel, read.text)
  if (issues.length) return { issues }
  return { value: source.doc.toJS(), issues: [] }
}

export interface SchemaChecker {
  /** Undefined when the schema compiles; otherwise why it does not. */
  check(schema: unknown): string | undefined
}

/** Ajv instances owned by one load (draft-07 by default; 2019-09 and 2020-12 by `$schema`). */
export function createSchemaChecker(): SchemaChecker {
  const options = { strict: false, logger: false as const, addUsedSchema: false, allErrors: true }
  const made = new Map<string, Ajv>()
  const ajvFor = (declared: string): Ajv => {
    const kind = declared.includes('2020-12') ? '2020' : declared.includes('2019-09') ? '2019' : '7'
    let ajv = made.get(kind)
    if (!ajv) {
      // Loaded on first use, not at start-up (see lazyRequire).
      ajv = kind === '2020' ? new (lazyRequire<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js').Ajv2020)(options)
        : kind === '2019' ? new (lazyRequire<typeof import('ajv/dist/2019.js')>('ajv/dist/2019.js').Ajv2019)(options)
        : new (lazyRequire<typeof import('ajv')>('ajv').Ajv)(options)
      made.set(kind, ajv)
    }
    return ajv
  }
  return {
    check(schema) {
      if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
        return `expected a JSON Schema object, found ${Array.isArray(schema) ? 'a list' : typeof schema}`
      }
      const ajv = ajvFor(String((schema as { $schema?: unknown }).$schema ?? ''))
      try {
        ajv.compile(schema)
        return undefined
      } catch (err) {
        return `invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}`
      }
    },
  }
}

/** The schema inside an OpenAI envelope `{name, schema, strict}`, or the value itself. */
export function unwrapEnvelope(value: Record<string, unknown>): unknown {
  const inner = value.schema
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? inner : value
}
