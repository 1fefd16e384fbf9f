import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError, type RunMeta, type RunStatus, type SampleRecord } from '../../core/index.js'
import { openStore, readBaseline, sampleKeyString, type Store } from '../../store/index.js'
import type { CliIo } from '../io.js'
import { newRunId } from '../run-id.js'
import { projectConfig, withStore } from '../project-database.js'

/**
 * `evals merge <db[#run] | export.json>…`: copy runs from other databases (typically the shards
 * of one run, made on several machines) or exported run files (`evals baseline save`) into one
 * new run of the project's database, which then compares and reports like a run made in one go.
 * Sources must be runs of the same suites and model, share no sample, and (when sharded) be
 * distinct parts of the same split.
 */

interface Source {
  label: string
  meta: RunMeta
  keys: Set<string>
  samples(): Iterable<SampleRecord>
  /** The rendered request stored under a request hash, when the source keeps it. */
  prompt(hash: string): string | undefined
  close(): void
}

export function mergeCommand(files: string[], options: { database?: string; json?: boolean }, io: CliIo): number {
  const config = projectConfig(io.cwd, options.database)
  const sources: Source[] = []
  try {
    for (const arg of files) sources.push(openSource(arg, io.cwd))
    const problem = incompatibility(sources)
    if (problem) throw new UsageError(`cannot merge: ${problem}`, 'MERGE_INCOMPATIBLE')
    const merged = mergedMeta(sources)
    const copied = withStore(config, (target) => copyRuns(target, merged, sources))
    const missing = missingShards(sources)
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ runId: merged.id, status: merged.status, samples: copied, sources: sources.map(describe), missingShards: missing }, null, 2)}\n`)
    } else {
      io.stdout.write(`Merged ${sources.length} run(s) (${sources.map(describe).join(', ')}) into run ${merged.id}: ${copied} samples, ${merged.status}\n`)
      if (missing.length) io.stdout.write(`Shards ${missing.join(', ')} are missing: the merged run is marked interrupted.\n`)
      io.stdout.write(`Stored in ${config.database} · \`evals report ${merged.id}\` renders it\n`)
    }
    return 0
  } finally {
    for (const s of sources) s.close()
  }
}

/** `path/to/shard.db` (its latest run), `path/to/shard.db#<run>`, or an exported `run.json`. */
function openSource(arg: string, cwd: string): Source {
  const hashAt = arg.lastIndexOf('#')
  const file = resolve(cwd, hashAt > 0 ? arg.slice(0, hashAt) : arg)
  const ref = hashAt > 0 ? arg.slice(hashAt + 1) : 'latest'
  if (!existsSync(file)) throw new UsageError(`cannot merge ${arg}: file not found: ${file}`, 'MERGE_SOURCE')
  if (/\.json$/i.test(file)) return exportSource(arg, file)
  const store = openStore(file)
  const meta = store.getRun(ref)
  if (!meta) {
    store.close()
    throw new UsageError(`cannot merge ${arg}: no run matches "${ref}" in ${file}`, 'MERGE_SOURCE')
  }
  return {
    label: arg, meta, keys: store.sampleKeys(meta.id),
    samples: () => store.iterateSamples(meta.id),
    prompt: (hash) => store.getBlob(hash),
    close: () => store.close(),
  }
}

/** An exported run (`evals baseline save`): outcomes, scores and measurements; no grades, long texts cut. */
function exportSource(arg: string, file: string): Source {
  const b = readBaseline(file, arg)
  const suites = b.suites.map((s) => ({ name: s.name, hash: s.hash, pass: s.pass, variants: s.variants.map((name) => ({ name })) }))
  const meta: RunMeta = { ...b.run, config: { suites }, plannedSamples: b.samples.length }
  return {
    label: arg, meta, keys: new Set(b.samples.map((s) => sampleKeyString(s.key))),
    samples: () => b.samples,
    prompt: () => undefined,
    close: () => undefined,
  }
}

interface StoredSuites {
  suites?: Array<{ name?: string; hash?: string }>
}

function suitesOf(meta: RunMeta): string {
  return ((meta.config as StoredSuites | null)?.suites ?? []).map((s) => `${s.name}@${s.hash}`).sort().join(',')
}

/** Why these runs cannot be one run, or undefined. */
function incompatibility(sources: readonly Source[]): string | undefined {
  const first = sources[0]!
  for (const s of sources.slice(1)) {
    if (s.meta.model !== first.meta.model) return `${s.label} used model ${s.meta.model}, ${first.label} used ${first.meta.model}`
    if (s.meta.provider !== first.meta.provider) return `${s.label} ran on ${s.meta.provider}, ${first.label} on ${first.meta.provider}`
    if (suitesOf(s.meta) !== suitesOf(first.meta)) return `${s.label} and ${first.label} ran different suites (or different versions of them)`
    if ((s.meta.shard?.count ?? 0) !== (first.meta.shard?.count ?? 0)) return `${s.label} and ${first.label} are not parts of the same split`
  }
  const seen = new Map<string, string>()
  for (const s of sources) {
    if (s.meta.shard) {
      const part = `${s.meta.shard.index}/${s.meta.shard.count}`
      if (seen.has(part)) return `${s.label} and ${seen.get(part)} are both shard ${part}`
      seen.set(part, s.label)
    }
  }
  for (const [i, a] of sources.entries()) {
    for (const b of sources.slice(i + 1)) {
      for (const key of a.keys) {
        if (b.keys.has(key)) return `${a.label} and ${b.label} both hold sample ${key.split('\u0000').join('/')}; a sample is stored once`
      }
    }
  }
  return undefined
}

function missingShards(sources: readonly Source[]): string[] {
  const count = sources[0]?.meta.shard?.count
  if (!count) return []
  const have = new Set(sources.map((s) => s.meta.shard!.index))
  return Array.from({ length: count }, (_, i) => i + 1).filter((k) => !have.has(k)).map((k) => `${k}/${count}`)
}

function mergedMeta(sources: readonly Source[]): RunMeta {
  const first = sources[0]!.meta
  const complete = sources.every((s) => s.meta.status === 'completed' && s.keys.size === s.meta.plannedSamples)
  const status: RunStatus = complete && missingShards(sources).length === 0 ? 'completed' : 'interrupted'
  const { shard: _shard, ...rest } = first
  return {
    ...rest,
    id: newRunId(new Date()),
    startedAt: sources.map((s) => s.meta.startedAt).sort()[0]!,
    status,
    plannedSamples: sources.reduce((n, s) => n + s.meta.plannedSamples, 0),
  }
}

function copyRuns(target: Store, merged: RunMeta, sources: readonly Source[]): number {
  const { finishedAt: _finishedAt, ...running } = merged
  target.beginRun({ ...running, status: 'running' })
  let copied = 0
  for (const source of sources) {
    const prompts = new Set<string>()
    for (const sample of source.samples()) {
      target.recordSample(merged.id, sample)
      prompts.add(sample.requestHash)
      copied++
    }
    target.putBlobs([...prompts].flatMap((hash) => source.prompt(hash) ?? []))
  }
  const finished = sources.map((s) => s.meta.finishedAt ?? s.meta.startedAt).sort().at(-1)!
  target.finishRun(merged.id, merged.status, finished)
  merged.finishedAt = finished
  return copied
}

function describe(s: Source): string {
  return s.meta.shard ? `shard ${s.meta.shard.index}/${s.meta.shard.count} ${s.meta.id}` : s.meta.id
}
