/**
 * One HTTP exchange with the Runware endpoint over an undici dispatcher, bounded by a
 * per-request timeout (connect to last byte) and an optional caller AbortSignal. Transport
 * failures come back as classified ProviderErrors; a caller abort rethrows the signal's reason.
 */
import { request, type Dispatcher } from 'undici'
import { errorFromTransport, timeoutError, type Redact } from './classify.js'
import { ProviderError } from './types.js'

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

type Body = Dispatcher.ResponseData['body']

/** POST a JSON body and read the whole answer as text. */
export function postJson(url: string, body: string, opts: PostOptions): Promise<HttpReply> {
  return exchange(url, body, opts, 'application/json', async (res) => ({ status: res.statusCode, headers: res.headers, text: await res.body.text() }))
}

/**
 * POST a JSON body and, on a 2xx answer, hand each decoded piece of the body to `onText`
 * as it arrives (a throw from `onText` ends the exchange and propagates as is). A non-2xx
 * answer is read whole and returned like `postJson`'s; so is a 2xx JSON (non-SSE) answer.
 */
export function postStreaming(url: string, body: string, opts: PostOptions, onText: (text: string) => void): Promise<HttpReply & { streamed: boolean }> {
  return exchange(url, body, opts, 'text/event-stream', async (res) => {
    const type = String(res.headers['content-type'] ?? '')
    if (res.statusCode < 200 || res.statusCode >= 300 || !type.includes('text/event-stream')) {
      return { status: res.statusCode, headers: res.headers, text: await res.body.text(), streamed: false }
    }
    await readText(res.body, onText)
    return { status: res.statusCode, headers: res.headers, text: '', streamed: true }
  })
}

async function readText(body: Body, onText: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder()
  for await (const chunk of body) {
    const text = decoder.decode(chunk as Uint8Array, { stream: true })
    if (text !== '') onText(text)
  }
  const rest = decoder.decode()
  if (rest !== '') onText(rest)
}

async function exchange<T>(url: string, body: string, opts: PostOptions, accept: string, read: (res: Dispatcher.ResponseData) => Promise<T>): Promise<T> {
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
  let res: Dispatcher.ResponseData | undefined
  try {
    res = await request(url, {
      method: 'POST',
      dispatcher: opts.dispatcher,
      headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json', accept },
      body,
      signal: controller.signal,
    })
    return await read(res)
  } catch (err) {
    // An exchange ended early (a mid-stream error) must not leave the body open.
    if (res && !res.body.destroyed) res.body.destroy()
    if (caller?.aborted) throw caller.reason
    if (timedOut) throw timeoutError(opts.timeoutMs, err)
    if (err instanceof ProviderError) throw err
    throw errorFromTransport(err, opts.timeoutMs, opts.redact)
  } finally {
    clearTimeout(timer)
    caller?.removeEventListener('abort', onAbort)
  }
}
