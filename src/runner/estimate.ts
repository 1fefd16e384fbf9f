import { stableStringify, type GenerateRequest } from '../core/index.js'
import type { PlannedRequest } from './plan.js'

/**
 * Cost estimates for `--dry-run` and `--max-cost`. The CLI prefers what past samples of the
 * same request (or suite and variant) cost; without history it falls back to the worst case
 * below, which `--dry-run` states.
 */

export type EstimateBasis = 'cached' | 'history' | 'variant history' | 'worst case'

export interface CostEstimate {
  /** For the request's samples still to run. */
  usd: number
  basis: EstimateBasis
}

export type CostEstimator = (planned: PlannedRequest) => CostEstimate

/** OpenAI list price of gpt-5-mini (USD per 1M tokens); Runware's own price is not published. */
export const LIST_PRICE = { inputPerMillion: 0.25, outputPerMillion: 2.0 } as const
export const CHARS_PER_TOKEN = 4
export const TOKENS_PER_IMAGE = 1000
export const DEFAULT_MAX_TOKENS = 1024

export const WORST_CASE_RULE =
  `prompt ≈ characters / ${CHARS_PER_TOKEN} tokens (+${TOKENS_PER_IMAGE} per image) at $${LIST_PRICE.inputPerMillion}/1M, ` +
  `plus every sample using all of maxTokens at $${LIST_PRICE.outputPerMillion}/1M (gpt-5-mini list price)`

/** Prompt tokens as the worst-case rule counts them. */
export function promptTokenBound(request: GenerateRequest): number {
  const { images = [], ...rest } = request
  const text = [rest.settings.systemPrompt ?? '', stableStringify(rest.messages), rest.tools ? stableStringify(rest.tools) : '',
    rest.jsonSchema ? stableStringify(rest.jsonSchema) : ''].join('')
  return Math.ceil(text.length / CHARS_PER_TOKEN) + images.length * TOKENS_PER_IMAGE
}

/** The worst case for `samples` results of a request (each pays the prompt and all of maxTokens). */
export function worstCaseCost(request: GenerateRequest, samples: number): number {
  const output = request.settings.maxTokens ?? DEFAULT_MAX_TOKENS
  const perSample = (promptTokenBound(request) * LIST_PRICE.inputPerMillion + output * LIST_PRICE.outputPerMillion) / 1e6
  return perSample * samples
}
