/**
 * runner: expands suites into a plan of requests (pure, seeded by the suites' fixed seeds),
 * executes it with bounded concurrency, grades each sample and streams it to listeners.
 * May import core, config, provider and graders.
 */
export { createRequestTexts, planRun, type PlannedRequest, type RunPlan } from './plan.js'
export { executeRun, type ExecuteOptions } from './execute.js'
export type { RunListener, ExecuteOutcome } from './listener.js'
export { requestHashOf, requestIdentity, requestText, TRANSPORT_ONLY_FIELDS } from './request-hash.js'
export { isCacheable, type ResponseCache, type CachedResponse } from './cache.js'
export { selectShard } from './shard.js'
export { remainingPlan } from './resume.js'
export { CostBudget } from './budget.js'
export {
  worstCaseCost, promptTokenBound, LIST_PRICE, WORST_CASE_RULE,
  type CostEstimate, type CostEstimator, type EstimateBasis,
} from './estimate.js'
