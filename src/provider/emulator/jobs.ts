/**
 * Async tasks of the emulator (runware-text-inference.md §12.5): each accepted task keeps
 * its synthesized result items and the time each becomes ready; `getResponse` reports the
 * full current state every time (`processing` / `success` items, failed generations in
 * `errors` with `status: "error"`), in a stable order. Results expire after the retention.
 */
import type { WireError } from './errors.js'

export interface Job {
  taskUUID: string
  /** The wire items (without `status`), in result-index order. */
  items: Array<Record<string, unknown>>
  /** When result k is ready (ms, the state clock). */
  readyAt: number[]
  /** Set when the generations fail (injected task_error). */
  failure?: WireError
  createdAt: number
}

export class JobStore {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  add(job: Job): void {
    this.prune()
    this.jobs.set(job.taskUUID, job)
  }

  get(taskUUID: string): Job | undefined {
    this.prune()
    return this.jobs.get(taskUUID)
  }

  get size(): number {
    return this.jobs.size
  }

  /** The current state of a job as data items and error items. */
  state(job: Job): { data: unknown[]; errors: WireError[] } {
    const now = this.now()
    const data: unknown[] = []
    const errors: WireError[] = []
    job.items.forEach((item, k) => {
      if (now < job.readyAt[k]!) data.push({ taskType: 'textInference', taskUUID: job.taskUUID, status: 'processing' })
      else if (job.failure) errors.push({ ...job.failure, taskType: 'textInference', taskUUID: job.taskUUID, status: 'error' })
      else data.push({ ...item, status: 'success' })
    })
    return { data, errors }
  }

  private prune(): void {
    const cutoff = this.now() - this.retentionMs
    for (const [uuid, job] of this.jobs) {
      if (job.createdAt >= cutoff) break
      this.jobs.delete(uuid)
    }
  }
}
