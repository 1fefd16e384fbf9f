import type { Shard } from '../core/index.js'
import type { RunPlan } from './plan.js'

/**
 * Part k of n of a plan: request i (in plan order) belongs to shard (i mod n) + 1. The plan
 * order is a pure function of the suites, so every machine with the same checkout picks the
 * same part, the parts are disjoint, and together they are the whole plan.
 */
export function selectShard(plan: RunPlan, shard: Shard): RunPlan {
  if (shard.count === 1) return plan
  const requests = plan.requests.filter((_, i) => i % shard.count === shard.index - 1)
  return { requests, sampleCount: requests.reduce((n, r) => n + r.keys.length, 0) }
}
