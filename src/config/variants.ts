import { formatPath, type GenerationSettings, type PathSegment } from '../core/index.js'
import type { ResolvedAssertion } from './assertions.js'
import type { PromptSpec, SettingsSpec, SuiteSpec } from './schema.js'
import { assertionSites, type TemplateSite } from './template-check.js'
import type { ProjectDefaults, PromptMessage, ResolvedVariant } from './types.js'
import type { Locator } from './validate.js'

/**
 * Variants: the settings matrix of a suite. Settings merge project defaults < suite <
 * variant; a variant's prompt replaces the suite prompt. A suite without `variants` has
 * one variant named `default`.
 */

export const DEFAULT_VARIANT = 'default'

export function resolveVariants(spec: SuiteSpec, defaults: ProjectDefaults): ResolvedVariant[] {
  const declared = spec.variants ?? [{ name: DEFAULT_VARIANT }]
  return declared.map((v) => {
    const variant: ResolvedVariant = {
      name: v.name,
      settings: mergeSettings(defaults.settings, spec.settings, v.settings),
      prompt: toMessages(v.prompt ?? spec.prompt),
    }
    if ('description' in v && v.description !== undefined) variant.description = v.description
    if ('deliveryMethod' in v && v.deliveryMethod !== undefined) variant.deliveryMethod = v.deliveryMethod
    return variant
  })
}

export function mergeSettings(...layers: Array<SettingsSpec | GenerationSettings | undefined>): GenerationSettings {
  const out: GenerationSettings = {}
  for (const layer of layers) {
    if (!layer) continue
    if (layer.systemPrompt !== undefined) out.systemPrompt = layer.systemPrompt
    if (layer.maxTokens !== undefined) out.maxTokens = layer.maxTokens
    if (layer.thinkingLevel !== undefined) out.thinkingLevel = layer.thinkingLevel
  }
  return out
}

export function toMessages(prompt: PromptSpec | undefined): PromptMessage[] {
  if (prompt === undefined) return []
  if (typeof prompt === 'string') return [{ role: 'user', content: prompt }]
  return prompt.map((m) => {
    const message: PromptMessage = { role: m.role, content: m.content ?? '' }
    if (m.toolCalls) message.toolCalls = m.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }))
    if (m.toolCallId !== undefined) message.toolCallId = m.toolCallId
    return message
  })
}

/** Template sites of the prompts actually used by some variant. */
export function promptSites(spec: SuiteSpec, at: Locator): TemplateSite[] {
  const variants = spec.variants ?? []
  const suiteUsed = variants.length === 0 || variants.some((v) => v.prompt === undefined)
  const sites: TemplateSite[] = []
  if (suiteUsed && spec.prompt !== undefined) sites.push(...sitesOf(spec.prompt, ['prompt'], at))
  for (const [i, v] of variants.entries()) {
    if (v.prompt !== undefined) sites.push(...sitesOf(v.prompt, ['variants', i, 'prompt'], at))
  }
  return sites
}

function sitesOf(prompt: PromptSpec, base: PathSegment[], at: Locator): TemplateSite[] {
  if (typeof prompt === 'string') {
    return [{ key: formatPath(base), template: prompt, issue: (m) => at(base, m) }]
  }
  return prompt.map((msg, j) => {
    const where = [...base, j, 'content']
    return { key: formatPath(where), template: msg.content ?? '', issue: (m: string) => at(where, m) }
  })
}

/** Template sites of assertion values, located at `<base>[i].value` (or the templated key inside). */
export function assertionTemplateSites(
  assertions: readonly ResolvedAssertion[],
  base: PathSegment[],
  at: Locator,
  keyPrefix = formatPath(base),
): TemplateSite[] {
  return assertionSites(assertions, keyPrefix, (i, m, sub) => at([...base, i, ...(sub ?? ['value'])], m))
}
