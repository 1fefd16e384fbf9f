import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UsageError, type PassRule, type RunMeta, type SampleRecord } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import { readBaseline, type BaselineSuite, type Store } from '../store/index.js'
import type { RunFigures, RunInput, SampleFigures, SuiteInfo } from '../compare/index.js'

/**
 * What `--baseline <ref>` and `evals compare <base> <head>` accept, in this order: a file path
 * (ends in `.json` or names a directory), a baseline name (`<baselinesDir>/<name>.json`), or a
 * stored run (`latest`, an id or a unique prefix).
 */
export interface ResolvedRun {
  input: RunInput
  meta: RunMeta
  /** `file` when read from a baseline file (no database needed). */
  source: 'file' | 'store'
}

/** `store` is called only when the reference is not a file (so that comparing two files needs no database). */
export function resolveRunRef(ref: string, config: ProjectConfig, store: () => Store, cwd: string): ResolvedRun {
  const baselinesDir = config.baselinesDir ?? join(config.root, 'baselines')
  const looksLikeFile = ref.endsWith('.json') || ref.includes('/') || ref.includes('\\')
  if (looksLikeFile) return fromFile(isAbsolute(ref) ? ref : resolve(cwd, ref), cwd)
  const named = join(baselinesDir, `${ref}.json`)
  if (existsSync(named)) return fromFile(named, cwd)
  const db = store()
  const meta = db.getRun(ref)
  if (meta) return fromStore(meta, db.loadSamples(meta.id))
  throw new UsageError(
    `"${ref}" is neither a baseline (${relative(cwd, named) || named} does not exist) nor a stored run (see \`evals runs\`)`,
    'RUN_NOT_FOUND',
  )
}

function fromFile(file: string, cwd: string): ResolvedRun {
  const display = relative(cwd, file) || file
  const b = readBaseline(file, display)
  const meta: RunMeta = {
    ...b.run,
    config: { suites: b.suites },
    plannedSamples: b.samples.length,
  }
  return {
    input: { id: b.run.id, label: `baseline ${b.name} (run ${b.run.id})`, provider: b.run.provider, model: b.run.model, samples: b.samples, suites: withSampleSuites(b.suites, b.samples) },
    meta,
    source: 'file',
  }
}

/** A stored run (or the run just made) as compare sees it. */
export function fromStore(meta: RunMeta, samples: readonly SampleRecord[]): ResolvedRun {
  return {
    input: { id: meta.id, label: `run ${meta.id}`, provider: meta.provider, model: meta.model, samples, suites: withSampleSuites(suitesOfRun(meta), samples) },
    meta,
    source: 'store',
  }
}

/** A stored run as its own figures need it (sweeps), from slim copies of its samples. */
export function figuresOfRun(meta: RunMeta, figures: readonly SampleFigures[]): RunFigures {
  return { id: meta.id, label: `run ${meta.id}`, provider: meta.provider, model: meta.model, samples: figures, suites: withSampleSuites(suitesOfRun(meta), figures) }
}

/** The suites recorded with a run (its resolved config), as a baseline file keeps them. */
export function suitesOfRun(meta: RunMeta): BaselineSuite[] {
  const config = meta.config as { suites?: unknown } | null | undefined
  const suites = Array.isArray(config?.suites) ? (config.suites as unknown[]) : []
  return suites.flatMap((s): BaselineSuite[] => {
    if (!s || typeof s !== 'object') return []
    const o = s as { name?: unknown; hash?: unknown; pass?: unknown; variants?: unknown }
    if (typeof o.name !== 'string') return []
    const variants = Array.isArray(o.variants)
      ? o.variants.map((v: unknown) => (typeof v === 'string' ? v : (v as { name?: string } | null)?.name)).filter((v): v is string => typeof v === 'string')
      : []
    return [{
      name: o.name,
      ...(typeof o.hash === 'string' ? { hash: o.hash } : {}),
      pass: (o.pass as PassRule | undefined) ?? { rule: 'majority' },
      variants: variants.length ? variants : ['default'],
    }]
  })
}

/** Suites that have samples but no recorded definition still take part (majority rule, variants as found). */
function withSampleSuites(suites: readonly BaselineSuite[], samples: readonly SampleFigures[]): SuiteInfo[] {
  const known = new Set(suites.map((s) => s.name))
  const extra = new Map<string, Set<string>>()
  for (const s of samples) {
    if (known.has(s.key.suite)) continue
    const variants = extra.get(s.key.suite) ?? new Set<string>()
    variants.add(s.key.variant)
    extra.set(s.key.suite, variants)
  }
  return [...suites, ...[...extra].map(([name, variants]) => ({ name, pass: { rule: 'majority' } as PassRule, variants: [...variants] }))]
}
