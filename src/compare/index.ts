/**
 * compare: pure statistics over stored samples: per-run/suite/variant figures, case
 * verdicts by pass rule, paired comparison of two runs (flips, intervals, exact tests),
 * flakiness, variant sweeps and the CI gate's verdict.
 * No I/O. May import only core.
 */
export * from './summary.js'
export * from './judge-stats.js'
export * from './thresholds.js'
export * from './stats.js'
export * from './resampling.js'
export * from './pairing.js'
export * from './paired.js'
export * from './flaky.js'
export * from './gate.js'
export * from './gate-verdict.js'
export * from './comparison.js'
export * from './sweep.js'
