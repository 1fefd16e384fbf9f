/**
 * One HTTP exchange with the Runware endpoint over an undici dispatcher, bounded by a
 * per-request timeout (connect to last byte) and an optional caller AbortSignal. Transport
 * failures come back as classified ProviderErrors; a caller abort rethrows the signal's reason.
 */
import { request, type Dispatcher } from 'undici'
import { errorFromTransport, timeoutError, type Redact } from './classify.js'

export interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

export interface PostOptions {
  dispatcher: Dispatcher
  apiKey: string
  timeoutMs: number
  redact: Redact
  signal?: AbortSignal
}

export async function postJson(url: string, body: string, opts: PostOptions): Promise<HttpReply> {
  const caller = opts.signal
  caller?.throwIfAborted()
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(timeoutError(opts.timeoutMs))
  }, opts.timeoutMs)
  const onAbort = (): void => controller.abort(caller!.reason)
  caller?.addEventListener('abort', onAbort, { once: true })
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher: opts.dispatcher,
      headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal: controller.signal,
    })
    const text = await res.body.text()
    return { status: res.statusCode, headers: res.headers, text }
  } catch (err) {
    if (caller?.aborted) throw caller.reason
    if (timedOut) throw timeoutError(opts.timeoutMs, err)
    throw errorFromTransport(err, opts.timeoutMs, opts.redact)
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', onAbort)
  }
}
