import type { Outcome, SampleRecord } from '../../src/core/index.js'
import type { RunInput, SuiteInfo } from '../../src/compare/index.js'

/**
 * Build runs from compact outcome strings: `{ paris: 'PPFP' }` is a case with four samples
 * (seeds 1..4), P = pass, F = fail, E = error.
 */
export function run(id: string, suites: Record<string, Record<string, Record<string, string>>>, extra: Partial<RunInput> = {}): RunInput {
  const samples: SampleRecord[] = []
  const infos: SuiteInfo[] = []
  for (const [suite, variants] of Object.entries(suites)) {
    infos.push({ name: suite, pass: { rule: 'majority' }, variants: Object.keys(variants), hash: `${suite}-hash` })
    for (const [variant, cases] of Object.entries(variants)) {
      for (const [caseId, outcomes] of Object.entries(cases)) {
        ;[...outcomes].forEach((o, i) => samples.push(sample(suite, caseId, variant, i + 1, o)))
      }
    }
  }
  return { id, label: `run ${id}`, provider: 'emulator', model: 'm', samples, suites: infos, ...extra }
}

export function sample(suite: string, caseId: string, variant: string, seed: number, o: string, extra: Partial<SampleRecord> = {}): SampleRecord {
  const outcome: Outcome = o === 'P' ? 'pass' : o === 'F' ? 'fail' : 'error'
  return {
    key: { suite, caseId, variant, seed, resultIndex: 0 },
    requestHash: `${suite}-${caseId}-${variant}-${seed}`,
    outcome,
    attempts: 1,
    grades: [],
    ...(outcome === 'error' ? { error: { kind: 'server', code: 'HTTP_500', message: 'boom' } } : { output: outcome === 'pass' ? 'Paris' : 'Lyon' }),
    ...extra,
  }
}

/** n cases named c0..c(n-1), each with the given outcome string. */
export function cases(n: number, outcomes: string | ((i: number) => string), prefix = 'c'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, typeof outcomes === 'string' ? outcomes : outcomes(i)]))
}
