import { LIST_PRICE, worstCaseCost, type CostEstimate, type CostEstimator, type ResponseCache } from '../runner/index.js'
import type { CostHistory, CostObservation } from '../store/index.js'

/**
 * Cost estimates of planned requests, best source first: the response cache (free), past
 * samples of the same request, past samples of the same suite and variant, else the worst
 * case (every sample uses all of maxTokens at list price).
 */
export function createEstimator(history: CostHistory | undefined, cache: ResponseCache | undefined): CostEstimator {
  return (planned): CostEstimate => {
    const samples = planned.keys.length
    if (planned.renderError) return { usd: 0, basis: 'cached' }
    if (cache?.get(planned.requestHash, planned.request.numberResults)) return { usd: 0, basis: 'cached' }
    const exact = perSample(history?.byRequest(planned.requestHash))
    if (exact !== undefined) return { usd: exact * samples, basis: 'history' }
    const similar = perSample(history?.byVariant(planned.suite.name, planned.variant.name))
    if (similar !== undefined) return { usd: similar * samples, basis: 'variant history' }
    return { usd: worstCaseCost(planned.request, samples), basis: 'worst case' }
  }
}

/** Mean cost per sample: as reported, else from mean token counts at list price. */
function perSample(o: CostObservation | undefined): number | undefined {
  if (!o) return undefined
  if (o.meanCostUsd !== undefined) return o.meanCostUsd
  if (o.meanPromptTokens === undefined) return undefined
  return (o.meanPromptTokens * LIST_PRICE.inputPerMillion + (o.meanOutputTokens ?? 0) * LIST_PRICE.outputPerMillion) / 1e6
}
