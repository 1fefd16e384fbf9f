import type { SampleKey } from '../core/index.js'
import type { RunPlan } from './plan.js'

/**
 * The part of a plan still to run: requests whose samples are all recorded are dropped; a
 * request with some samples recorded keeps only the keys still missing (its response gives
 * every result; only the missing ones are recorded), so no sample is ever stored twice.
 */
export function remainingPlan(plan: RunPlan, isDone: (key: SampleKey) => boolean): RunPlan {
  const requests = plan.requests.flatMap((planned) => {
    const keys = planned.keys.filter((key) => !isDone(key))
    if (keys.length === 0) return []
    return keys.length === planned.keys.length ? [planned] : [{ ...planned, keys }]
  })
  return { requests, sampleCount: requests.reduce((n, r) => n + r.keys.length, 0) }
}
