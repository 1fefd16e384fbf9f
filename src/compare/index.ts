/**
 * compare: pure statistics over stored samples: per-run/suite/variant figures, case
 * verdicts by pass rule, and (later) paired comparison of two runs and the gate.
 * No I/O. May import only core.
 */
export * from './summary.js'
export * from './thresholds.js'
