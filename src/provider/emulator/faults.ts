/**
 * Fault injection: for each request a fault applies to, the schedules (`at`) are checked
 * first, then one seeded draw u in [0, 1) walks the rated faults in order (cumulative
 * rates). Per-target request counters and a seeded generator make the sequence of faults
 * the same on every run with the same requests.
 */
import seedrandom from 'seedrandom'
import { FAULT_KINDS, type FaultKind, type FaultSpec } from './script-protocol.js'

/** What a request is: a submission (textInference or chat completion) or a getResponse poll; streamed or not. */
export interface FaultTarget {
  target: 'submit' | 'poll'
  stream: boolean
}

export interface FaultInjector {
  /** The fault for the next request of this kind, if any. */
  next(request: FaultTarget): FaultSpec | undefined
  /** Faults injected so far, by kind. */
  counts(): Record<FaultKind, number>
}

export function createFaultInjector(faults: readonly FaultSpec[], seed: number): FaultInjector {
  const rng = seedrandom(`evals-faults:${seed}`)
  const seen = { submit: 0, poll: 0 }
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>
  return {
    next(request) {
      if (faults.length === 0) return undefined
      const ordinal = ++seen[request.target]
      const applicable = faults.filter((f) => appliesTo(f, request))
      const u = rng()
      const fault = applicable.find((f) => f.at?.includes(ordinal)) ?? drawRated(applicable, u)
      if (fault) counts[fault.kind]++
      return fault
    },
    counts: () => ({ ...counts }),
  }
}

function appliesTo(fault: FaultSpec, request: FaultTarget): boolean {
  const on = fault.on ?? 'submit'
  if (on !== 'any' && on !== request.target) return false
  return fault.kind !== 'stream_cut' || request.stream
}

function drawRated(faults: readonly FaultSpec[], u: number): FaultSpec | undefined {
  let cumulative = 0
  for (const f of faults) {
    if (f.rate === undefined) continue
    cumulative += f.rate
    if (u < cumulative) return f
  }
  return undefined
}

const FLAG_KINDS: Record<string, Partial<FaultSpec> & { kind: FaultKind }> = {
  '429': { kind: 'rate_limit' },
  'rate-limit': { kind: 'rate_limit' },
  '500': { kind: 'server_error', status: 500 },
  '502': { kind: 'server_error', status: 502 },
  '503': { kind: 'server_error', status: 503 },
  '504': { kind: 'server_error', status: 504 },
  '5xx': { kind: 'server_error' },
  reset: { kind: 'reset' },
  slow: { kind: 'slow' },
  malformed: { kind: 'malformed' },
  'stream-cut': { kind: 'stream_cut' },
  'task-error': { kind: 'task_error' },
}

/**
 * A fault from the command line: `KIND:RATE` (e.g. `429:0.1`) or `KIND@N,N,…` (e.g.
 * `reset@3,7`), KIND one of 429, 500, 502, 503, 504, 5xx, reset, slow, malformed,
 * stream-cut, task-error. Returns an error message for a bad spec.
 */
export function parseFaultFlag(spec: string): { fault?: FaultSpec; error?: string } {
  const m = /^([a-z0-9-]+)(?::([0-9.]+)|@([0-9,]+))$/i.exec(spec.trim())
  const base = m ? FLAG_KINDS[m[1]!.toLowerCase()] : undefined
  if (!m || !base) {
    return { error: `expected KIND:RATE or KIND@N,N (KIND one of ${Object.keys(FLAG_KINDS).join(', ')}), found "${spec}"` }
  }
  if (m[2] !== undefined) {
    const rate = Number(m[2])
    if (!(rate >= 0 && rate <= 1)) return { error: `fault rate must be between 0 and 1, found "${m[2]}"` }
    return { fault: { ...base, rate } }
  }
  const at = m[3]!.split(',').filter((x) => x !== '').map(Number)
  if (at.length === 0 || at.some((n) => !Number.isInteger(n) || n < 1)) return { error: `fault schedule must list request numbers ≥ 1, found "${m[3]}"` }
  return { fault: { ...base, at } }
}
