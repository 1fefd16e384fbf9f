import fs from 'node:fs'
import path from 'node:path'
import type { ToolChoice, ToolSpec } from '../core/index.js'
import { resolveInside } from './files.js'
import type { ToolChoiceWritten, ToolSpecWritten } from './protocol-schema.js'
import { loadSchemaFile, type AssertContext } from './resolve-assert.js'
import type { SuiteSpec } from './schema.js'
import type { ResolvedSuite } from './types.js'
import type { Locator } from './validate.js'

/**
 * The protocol keys of a suite at load time: tool argument schemas read from their files
 * and compiled, toolChoice checked against the tools, image files read into data URIs
 * (URLs, data URIs and uploaded-image UUIDs are sent as they are), delivery and the
 * include flags copied (the flags only when they turn something off).
 */

export interface ProtocolContext {
  at: Locator
  baseDir: string
  ctx: AssertContext
}

type ProtocolPart = Pick<ResolvedSuite, 'tools' | 'toolChoice' | 'images' | 'deliveryMethod' | 'delivery' | 'includeCost' | 'includeUsage'>

export function resolveProtocol(spec: SuiteSpec, p: ProtocolContext): ProtocolPart {
  const out: ProtocolPart = {}
  if (spec.tools) out.tools = spec.tools.map((t, i) => resolveTool(t, i, p))
  if (spec.toolChoice !== undefined) {
    const choice = resolveToolChoice(spec.toolChoice, spec.tools, p)
    if (choice) out.toolChoice = choice
  }
  if (spec.inputs) out.images = spec.inputs.images.map((img, i) => resolveImage(img, i, p))
  if (spec.deliveryMethod !== undefined) out.deliveryMethod = spec.deliveryMethod
  if (spec.delivery !== undefined) out.delivery = { ...spec.delivery }
  if (spec.includeCost === false) out.includeCost = false
  if (spec.includeUsage === false) out.includeUsage = false
  return out
}

function resolveTool(tool: ToolSpecWritten, i: number, p: ProtocolContext): ToolSpec {
  if (tool.type !== 'function') return { type: tool.type, ...(tool.description !== undefined ? { description: tool.description } : {}) }
  const out: ToolSpec = { type: 'function', name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}) }
  const where = ['tools', i, 'schema']
  if (typeof tool.schema === 'string') {
    const loaded = loadSchemaFile(tool.schema, p.baseDir, p.ctx)
    if (loaded.error) p.ctx.issues.push(p.at(where, loaded.error))
    out.schema = loaded.schema ?? {}
  } else {
    const error = p.ctx.schemas.check(tool.schema)
    if (error) p.ctx.issues.push(p.at(where, error))
    out.schema = tool.schema
  }
  return out
}

function resolveToolChoice(choice: ToolChoiceWritten, tools: readonly ToolSpecWritten[] | undefined, p: ProtocolContext): ToolChoice | undefined {
  const resolved: ToolChoice = typeof choice === 'string' ? { type: choice } : { ...choice }
  const names = (tools ?? []).flatMap((t) => (t.type === 'function' ? [t.name] : []))
  if (!tools) {
    p.ctx.issues.push(p.at(['toolChoice'], 'toolChoice needs `tools`: there is no tool to choose from'))
    return undefined
  }
  if (resolved.type !== 'tool' && resolved.name !== undefined) {
    p.ctx.issues.push(p.at(['toolChoice', 'name'], `toolChoice.name is only allowed with type "tool", found type "${resolved.type}"`))
  } else if (resolved.type === 'tool' && !names.includes(resolved.name ?? '')) {
    const found = resolved.name === undefined ? 'no name' : `"${resolved.name}"`
    p.ctx.issues.push(p.at(['toolChoice', typeof choice === 'string' || resolved.name === undefined ? 'type' : 'name'],
      `toolChoice type "tool" must name a function tool (${names.join(', ') || 'none defined'}), found ${found}`))
  }
  return resolved
}

/** Checked after the schema: function tool names unique. */
export function duplicateToolIssues(spec: SuiteSpec, at: Locator): ReturnType<Locator>[] {
  const seen = new Map<string, number>()
  const issues: ReturnType<Locator>[] = []
  for (const [i, t] of (spec.tools ?? []).entries()) {
    if (t.type !== 'function') continue
    const first = seen.get(t.name)
    if (first !== undefined) issues.push(at(['tools', i, 'name'], `duplicate tool name "${t.name}" (already at tools[${first}]); expected unique names`))
    else seen.set(t.name, i)
  }
  return issues
}

const SENT_AS_IS = /^(https?:\/\/|data:)/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const MIME: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' }
const MAX_IMAGE_BYTES = 20 * 1024 * 1024

function resolveImage(image: string, i: number, p: ProtocolContext): string {
  if (SENT_AS_IS.test(image) || UUID.test(image)) return image
  const where = ['inputs', 'images', i]
  const resolved = resolveInside(p.ctx.root, p.baseDir, image)
  if (!resolved.ref) {
    p.ctx.issues.push(p.at(where, resolved.error ?? 'bad path'))
    return image
  }
  const mime = MIME[path.extname(resolved.ref.abs).toLowerCase()]
  if (!mime) {
    p.ctx.issues.push(p.at(where, `expected an image file (.png, .jpg, .jpeg, .gif, .webp), an http(s) or data: URL, or an image UUID; found "${image}"`))
    return image
  }
  p.ctx.referenced.add(resolved.ref.abs)
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(resolved.ref.abs)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    p.ctx.issues.push(p.at(where, code === 'ENOENT' ? `image file not found: ${resolved.ref.rel}` : `cannot read ${resolved.ref.rel}: ${code ?? String(err)}`))
    return image
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    p.ctx.issues.push(p.at(where, `image ${resolved.ref.rel} is ${bytes.length} bytes; expected at most ${MAX_IMAGE_BYTES}`))
  }
  return `data:${mime};base64,${bytes.toString('base64')}`
}
