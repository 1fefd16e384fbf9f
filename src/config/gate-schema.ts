import { z } from 'zod'

/**
 * `gate:` in evals.config.yaml: how a run is judged against a baseline (`--baseline`), with
 * per-suite overrides. The written shape; `GateConfig` (types.ts) is the resolved one.
 */

const Fraction = z.number().min(0).max(1)

const MinPassRate = Fraction.describe('Absolute floor of the sample pass rate of each suite when gating (exit 1 below it).')
const MaxDrop = z.number().gt(0).max(1)
  .describe('Drops in pass rate smaller than this (0.05 = 5 points) are tolerated; a regression must be at least this large AND significant.')
const Confidence = z.number().min(0.5).max(0.9999)
  .describe('Confidence of the intervals and tests, e.g. 0.95 (split over the compared suites × variants).')
const Strict = z.boolean().describe('Fail (exit 1) when the gate is inconclusive, too.')
const ExcludeFlaky = z.boolean()
  .describe('Leave flaky cases (samples disagree in the baseline, or the verdict flipped in past runs) out of the test.')

const SUITE_NAME = /^[A-Za-z0-9_.-]+$/

export const GateOverrideSchema = z.strictObject({
  minPassRate: MinPassRate.optional(),
  maxDrop: MaxDrop.optional(),
  confidence: Confidence.optional(),
  strict: Strict.optional(),
  excludeFlaky: ExcludeFlaky.optional(),
}).describe('Gate settings for one suite, over the project\'s.')

export const GateSchema = z.strictObject({
  minPassRate: MinPassRate.optional(),
  maxDrop: MaxDrop.default(0.05).describe('Tolerated drop in pass rate, a fraction. @default 0.05'),
  confidence: Confidence.default(0.95).describe('Confidence of the intervals and tests. @default 0.95'),
  strict: Strict.default(false).describe('Fail when inconclusive, too. @default false'),
  excludeFlaky: ExcludeFlaky.default(false).describe('Leave flaky cases out of the test. @default false'),
  historyRuns: z.int().min(0).max(1000).default(20)
    .describe('Past runs of each suite read from the database to find flaky cases (0: none). @default 20'),
  suites: z.record(z.string().regex(SUITE_NAME, 'expected a suite name'), GateOverrideSchema).default({})
    .describe('Per-suite overrides, by suite name.'),
}).prefault({}).describe('The CI gate: how a run is judged against a baseline (`--baseline`).')

export type GateSpec = z.output<typeof GateSchema>
