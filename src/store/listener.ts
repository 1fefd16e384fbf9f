import type { SampleRecord } from '../core/index.js'
import type { SampleListener, Store } from './store.js'
import type { CachePut } from './cache.js'

export interface GroupCommit {
  /** Commit at the latest this long after the first uncommitted sample finished. */
  maxDelayMs: number
  /** Commit at once when this many samples wait. */
  maxBatch: number
}

/** 10 ms: a transaction per sample cost ~0.2 ms, the largest share of the harness's own time. */
export const DEFAULT_GROUP_COMMIT: GroupCommit = { maxDelayMs: 10, maxBatch: 256 }

/**
 * A listener that records every finished sample of `runId` in `store` by group commit: samples
 * are committed together, at most `maxDelayMs` after the first of them finished. A kill inside
 * that window loses at most those samples, which `--resume` runs again; a clean stop (end of
 * run, Ctrl+C) commits everything. A storage failure surfaces on the next sample or at the end.
 */
export function storeListener(store: Store, runId: string, commit: GroupCommit = DEFAULT_GROUP_COMMIT): SampleListener {
  return runWriter(store, runId, commit).listener
}

/** The writes of a run: its samples and its response-cache entries, committed together. */
export interface RunWriter {
  listener: SampleListener
  /** Queue a response-cache entry; it is committed with the samples around it. */
  putCache(entry: CachePut): void
  /** Commit what is queued; throws the first failure of any write. */
  flush(): void
}

/**
 * Group commit of a run's samples and cache entries in one transaction each time (a commit
 * writes the pages of every table it touched, so two writers doubled the cost).
 */
export function runWriter(store: Store, runId: string, commit: GroupCommit = DEFAULT_GROUP_COMMIT): RunWriter {
  let puts: CachePut[] = []
  const writer = groupWriter<SampleRecord | undefined>((batch) => {
    const entries = puts
    puts = []
    store.recordSamples(runId, batch.filter((s): s is SampleRecord => s !== undefined), entries)
  }, commit)
  return {
    listener: { onSampleEnd: (sample) => writer.add(sample), onRunEnd: () => writer.flush() },
    putCache(entry) {
      puts.push(entry)
      writer.add(undefined)
    },
    flush: () => writer.flush(),
  }
}

export interface GroupWriter<T> {
  /** Queue an item; throws the first failure of an earlier write. */
  add(item: T): void
  /** Write what is queued now; throws the first failure of any write. */
  flush(): void
}

/** Items written in groups: at once at `maxBatch` items, else `maxDelayMs` after the first. */
export function groupWriter<T>(write: (batch: T[]) => void, commit: GroupCommit = DEFAULT_GROUP_COMMIT): GroupWriter<T> {
  let pending: T[] = []
  let timer: NodeJS.Timeout | undefined
  let failure: unknown
  const writeNow = (): void => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (pending.length === 0) return
    const batch = pending
    pending = []
    try {
      write(batch)
    } catch (error) {
      failure ??= error
    }
  }
  const check = (): void => {
    if (failure !== undefined) throw failure
  }
  return {
    add(item) {
      check()
      pending.push(item)
      if (pending.length >= commit.maxBatch) writeNow()
      else timer ??= setTimeout(writeNow, commit.maxDelayMs)
    },
    flush() {
      writeNow()
      check()
    },
  }
}
