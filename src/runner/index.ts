/**
 * runner: expands suites into a plan of requests (pure, seeded by the suites' fixed seeds),
 * executes it with bounded concurrency, grades each sample and streams it to listeners.
 * May import core, config, provider and graders.
 */
export { planRun, type PlannedRequest, type RunPlan } from './plan.js'
export { executeRun, type ExecuteOptions } from './execute.js'
export type { RunListener, ExecuteOutcome } from './listener.js'
