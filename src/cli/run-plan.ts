import { resolve } from 'node:path'
import { UsageError, type RunMeta, type Shard } from '../core/index.js'
import { loadProject, type ConfigOverrides, type Project } from '../config/index.js'
import { planRun, remainingPlan, selectShard, type RunPlan } from '../runner/index.js'
import { sampleKeyString, type Store } from '../store/index.js'

/**
 * What `evals run` is about to execute: a new run (all of the plan, or one shard of it), or
 * the samples still missing from a stored run (`--resume`).
 */
export interface PreparedRun {
  project: Project
  /** The requests to execute now. */
  plan: RunPlan
  /** Samples the run plans in all (for a shard: of the shard). */
  plannedSamples: number
  shard?: Shard
  /** Set when resuming: the stored run. */
  resumed?: RunMeta
}

export function prepareNewRun(project: Project, shard: Shard | undefined): PreparedRun {
  const full = planRun(project)
  const plan = shard ? selectShard(full, shard) : full
  return { project, plan, plannedSamples: plan.sampleCount, ...(shard ? { shard } : {}) }
}

interface StoredProject {
  config?: { model?: string }
  suites?: Array<{ name?: string; file?: string; hash?: string }>
}

/**
 * The stored run `ref` and the samples it still lacks. The suites are loaded again from the
 * files the run used and must be unchanged (same resolved content, same model), so the
 * resumed run ends with exactly the sample set it planned.
 */
export function prepareResume(store: Store, ref: string, cwd: string, overrides: ConfigOverrides): PreparedRun {
  const meta = store.getRun(ref)
  if (!meta) throw new UsageError(`no stored run matches "${ref}" (see \`evals runs\`)`, 'RUN_NOT_FOUND')
  const stored = (meta.config ?? {}) as StoredProject
  const suites = stored.suites ?? []
  const paths = suites.map((s) => resolve(cwd, s.file ?? ''))
  const project = loadProject(cwd, { paths, overrides })
  const changed = changedSuites(suites, project)
  if (stored.config?.model !== undefined && stored.config.model !== project.config.model) {
    changed.push(`model (was ${stored.config.model}, now ${project.config.model})`)
  }
  if (changed.length) {
    throw new UsageError(`cannot resume run ${meta.id}: ${changed.join('; ')} changed since it started; ` +
      'restore them or start a new run', 'RESUME_CHANGED')
  }
  if (project.config.provider.type !== meta.provider) {
    throw new UsageError(`cannot resume run ${meta.id} with provider "${project.config.provider.type}": ` +
      `it was run with "${meta.provider}" (use --provider ${meta.provider})`, 'RESUME_PROVIDER')
  }
  const full = planRun(project)
  const planned = meta.shard ? selectShard(full, meta.shard) : full
  if (planned.sampleCount !== meta.plannedSamples) {
    throw new UsageError(`cannot resume run ${meta.id}: it planned ${meta.plannedSamples} samples, the suites now give ` +
      `${planned.sampleCount}`, 'RESUME_CHANGED')
  }
  const done = store.sampleKeys(meta.id)
  const plan = remainingPlan(planned, (key) => done.has(sampleKeyString(key)))
  return { project, plan, plannedSamples: meta.plannedSamples, ...(meta.shard ? { shard: meta.shard } : {}), resumed: meta }
}

function changedSuites(stored: NonNullable<StoredProject['suites']>, project: Project): string[] {
  const now = new Map(project.suites.map((s) => [s.name, s]))
  const out: string[] = []
  for (const s of stored) {
    const current = now.get(s.name ?? '')
    if (!current) out.push(`suite ${s.name} (${s.file}) is gone`)
    else if (current.hash !== s.hash) out.push(`suite ${s.name} (${s.file})`)
  }
  return out
}
