import type { SampleRecord } from '../core/index.js'
import { gateSettingsFor, type GatePolicy, type GateStatus } from './gate.js'
import type { UnitComparison } from './comparison.js'

/**
 * The gate's overall verdict over the compared units: regression when any unit regressed,
 * inconclusive when any could not be decided, pass otherwise; plus the absolute floors
 * (`gate.minPassRate`) checked on the head. `failed` is what CI acts on (exit 1).
 */
export interface GateVerdict {
  status: GateStatus
  /** Inconclusive counts as a failure (gate.strict or --strict). */
  strict: boolean
  /** Whether the gate fails: a regression, a breached floor, or inconclusive under strict. */
  failed: boolean
  /** Absolute floors the head breached. */
  breaches: string[]
  /** One line per unit that did not pass, `suite/variant: reason`. */
  reasons: string[]
  counts: Record<GateStatus, number>
}

export function gateVerdict(units: readonly UnitComparison[], headSamples: readonly SampleRecord[], policy: GatePolicy): GateVerdict {
  const counts: Record<GateStatus, number> = { pass: 0, regression: 0, inconclusive: 0 }
  for (const u of units) counts[u.decision.status]++
  const status: GateStatus = counts.regression ? 'regression' : counts.inconclusive ? 'inconclusive' : 'pass'
  const breaches = floorBreaches(headSamples, policy)
  const strict = policy.strict || [...policy.suites.values()].some((s) => s.strict === true)
  const strictInconclusive = units.some((u) => u.decision.status === 'inconclusive' && u.settings.strict)
  const order: Record<GateStatus, number> = { regression: 0, inconclusive: 1, pass: 2 }
  const reasons = [...units]
    .filter((u) => u.decision.status !== 'pass')
    .sort((a, b) => order[a.decision.status] - order[b.decision.status])
    .map((u) => `${u.suite}/${u.variant}: ${u.decision.status}: ${u.decision.reason}`)
  return {
    status,
    strict,
    failed: status === 'regression' || breaches.length > 0 || strictInconclusive,
    breaches,
    reasons,
    counts,
  }
}

/** Suites whose head sample pass rate is below their gate.minPassRate. */
function floorBreaches(samples: readonly SampleRecord[], policy: GatePolicy): string[] {
  const bySuite = new Map<string, { passed: number; graded: number }>()
  for (const s of samples) {
    if (s.outcome === 'error') continue
    const entry = bySuite.get(s.key.suite) ?? { passed: 0, graded: 0 }
    entry.graded++
    if (s.outcome === 'pass') entry.passed++
    bySuite.set(s.key.suite, entry)
  }
  const out: string[] = []
  for (const [suite, { passed, graded }] of bySuite) {
    const floor = gateSettingsFor(policy, suite).minPassRate
    if (floor === undefined || graded === 0) continue
    const rate = passed / graded
    if (rate < floor) out.push(`suite ${suite}: pass rate ${pct(rate)} is below gate.minPassRate ${pct(floor)}`)
  }
  return out
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}
