/**
 * Webhook delivery of the emulator (runware-text-inference.md §12.7): each completed result
 * is POSTed on its own as `{"data":[item]}` (a failed one as `{"errors":[…]}`) to the task's
 * webhookURL, query string preserved, when it becomes ready. A non-2xx answer or a failed
 * POST is retried with exponential backoff, up to `attempts`. Every attempt is logged.
 */
import Agent from 'undici/lib/dispatcher/agent.js'
import { postJson } from '../transport.js'

export interface WebhookDelivery {
  taskUUID: string
  url: string
  attempt: number
  /** HTTP status of the receiver's answer; absent when the POST failed. */
  status?: number
  error?: string
  ok: boolean
}

export interface WebhookSettings {
  attempts: number
  baseDelayMs: number
  timeoutMs: number
}

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly log: WebhookDelivery[] = []
  private readonly agent: Agent
  private closed = false

  constructor(private readonly settings: WebhookSettings) {
    this.agent = new Agent({ connections: 8, headersTimeout: settings.timeoutMs, bodyTimeout: settings.timeoutMs })
  }

  /** POST `body` to `url` after `delayMs`, retrying as configured. */
  schedule(taskUUID: string, url: string, body: unknown, delayMs: number): void {
    this.later(delayMs, () => this.attempt(taskUUID, url, JSON.stringify(body), 1))
  }

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }))
  }

  /** Deliveries scheduled or being retried. */
  get pending(): number {
    return this.timers.size
  }

  async close(): Promise<void> {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await this.agent.close()
  }

  private later(ms: number, run: () => Promise<void>): void {
    if (this.closed) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void run()
    }, Math.max(0, ms))
    this.timers.add(timer)
  }

  private async attempt(taskUUID: string, url: string, body: string, attempt: number): Promise<void> {
    if (this.closed) return
    const entry: WebhookDelivery = { taskUUID, url, attempt, ok: false }
    try {
      const reply = await postJson(url, body, { dispatcher: this.agent, apiKey: '', timeoutMs: this.settings.timeoutMs, redact: (text) => text })
      entry.status = reply.status
      entry.ok = reply.status >= 200 && reply.status < 300
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err)
    }
    if (this.closed) return
    this.log.push(entry)
    if (!entry.ok && attempt < this.settings.attempts) {
      this.later(this.settings.baseDelayMs * 2 ** (attempt - 1), () => this.attempt(taskUUID, url, body, attempt + 1))
    }
  }
}
