/**
 * One HTTP exchange with the Runware endpoint over an undici dispatcher, bounded by a
 * per-request timeout (connect to last byte) and an optional caller AbortSignal. Transport
 * failures come back as classified ProviderErrors; a caller abort rethrows the signal's reason.
 *
 * It uses undici's dispatch API (a handler gets the status, headers and body chunks) rather than
 * `request()`, which wraps every answer in a Readable stream and every request in an
 * AbortController: per request that cost more than the rest of the client together.
 */
import { TextDecoder } from 'node:util'
import type { Dispatcher } from 'undici'
import { errorFromTransport, timeoutError, type Redact } from './classify.js'
import { ProviderError } from './types.js'

export interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export interface PostOptions {
  dispatcher: Dispatcher
  /** Sent as `Authorization: Bearer <apiKey>`; empty sends no Authorization header. */
  apiKey: string
  timeoutMs: number
  redact: Redact
  signal?: AbortSignal
}

/** POST a JSON body and read the whole answer as text. */
export function postJson(url: string, body: string, opts: PostOptions): Promise<HttpReply> {
  return exchange(url, body, opts, 'application/json', undefined).then(({ streamed: _streamed, ...reply }) => reply)
}

/**
 * POST a JSON body and, on a 2xx answer, hand each decoded piece of the body to `onText`
 * as it arrives (a throw from `onText` ends the exchange and propagates as is). A non-2xx
 * answer is read whole and returned like `postJson`'s; so is a 2xx JSON (non-SSE) answer.
 */
export function postStreaming(url: string, body: string, opts: PostOptions, onText: (text: string) => void): Promise<HttpReply & { streamed: boolean }> {
  return exchange(url, body, opts, 'text/event-stream', onText)
}

/** Whether an answer is streamed to `onText`: a 2xx server-sent-events answer. */
function isEventStream(status: number, headers: HttpReply['headers']): boolean {
  return status >= 200 && status < 300 && String(headers['content-type'] ?? '').includes('text/event-stream')
}

function exchange(url: string, body: string, opts: PostOptions, accept: string, onText: ((text: string) => void) | undefined): Promise<HttpReply & { streamed: boolean }> {
  const caller = opts.signal
  if (caller?.aborted) return Promise.reject(caller.reason)
  const { origin, pathname, search } = new URL(url)
  return new Promise((resolve, reject) => {
    const state = new Exchange(opts, onText, resolve, reject)
    opts.dispatcher.dispatch({
      origin,
      path: pathname + search,
      method: 'POST',
      headers: { ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}), 'content-type': 'application/json', accept },
      body,
    }, state)
  })
}

/** The handler of one exchange: collects (or streams) the body; one timer bounds it all. */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined
  private status = 0
  private headers: HttpReply['headers'] = {}
  private readonly chunks: Buffer[] = []
  private decoder: TextDecoder | undefined
  private readonly timer: NodeJS.Timeout
  private readonly onAbort = (): void => this.abort(this.opts.signal!.reason)
  private done = false

  constructor(
    private readonly opts: PostOptions,
    private readonly onText: ((text: string) => void) | undefined,
    private readonly resolve: (reply: HttpReply & { streamed: boolean }) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.timer = setTimeout(() => this.abort(timeoutError(opts.timeoutMs)), opts.timeoutMs)
    opts.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
  }

  onResponseStart(_controller: Dispatcher.DispatchController, status: number, headers: HttpReply['headers']): void {
    this.status = status
    this.headers = headers
    if (this.onText && isEventStream(status, headers)) this.decoder = new TextDecoder()
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.decoder) {
      this.chunks.push(chunk)
      return
    }
    try {
      const text = this.decoder.decode(chunk, { stream: true })
      if (text !== '') this.onText!(text)
    } catch (error) {
      this.abort(error)
    }
  }

  onResponseEnd(): void {
    try {
      const rest = this.decoder?.decode() ?? ''
      if (rest !== '') this.onText!(rest)
    } catch (error) {
      return this.fail(error)
    }
    const text = this.decoder ? '' : Buffer.concat(this.chunks).toString('utf8')
    this.settle(() => this.resolve({ status: this.status, headers: this.headers, text, streamed: this.decoder !== undefined }))
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error)
  }

  /** End the exchange early: `reason` is what the caller gets (a timeout, the caller's reason, a throw of onText). */
  private abort(reason: unknown): void {
    if (this.done) return
    this.fail(reason)
    this.controller?.abort(reason instanceof Error ? reason : new Error(String(reason)))
  }

  private fail(error: unknown): void {
    const caller = this.opts.signal
    this.settle(() => {
      if (caller?.aborted) this.reject(caller.reason)
      else if (error instanceof ProviderError) this.reject(error)
      else this.reject(errorFromTransport(error, this.opts.timeoutMs, this.opts.redact))
    })
  }

  private settle(finish: () => void): void {
    if (this.done) return
    this.done = true
    clearTimeout(this.timer)
    this.opts.signal?.removeEventListener('abort', this.onAbort)
    finish()
  }
}
