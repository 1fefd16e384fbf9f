import { hashOf, stableStringify, type GenerateRequest } from '../core/index.js'

/**
 * The identity of a request: every field that can change what the model answers. Only
 * transport fields (how the answer travels back) are left out, so a cache key can never omit
 * a setting: a field added to `GenerateRequest` later is part of the identity unless it is
 * named here on purpose.
 */
export const TRANSPORT_ONLY_FIELDS: readonly string[] = ['deliveryMethod', 'delivery', 'webhookURL', 'taskUUID']

/** The request without its transport-only fields. */
export function requestIdentity(request: GenerateRequest): Record<string, unknown> {
  const identity: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(request)) {
    if (!TRANSPORT_ONLY_FIELDS.includes(field)) identity[field] = value
  }
  return identity
}

/** The stable JSON of the identity: what the store keeps once per request (its hash is the request hash). */
export function requestText(request: GenerateRequest): string {
  return stableStringify(requestIdentity(request))
}

/** Hex sha256 of `requestText(request)`. */
export function requestHashOf(request: GenerateRequest): string {
  return hashOf(requestText(request))
}

/** `requestText` of a request like the sample but with this seed and these message contents. */
export type RequestTextOf = (seed: number, contents: readonly string[]) => string

/**
 * `requestText` for the many requests of a plan that differ from `sample` only in the seed
 * and the message contents (same messages otherwise): the rest is serialised once, and each
 * request only fills in its slots. Undefined when the slots cannot be told apart in the text
 * (then use `requestText`).
 */
export function requestTextOf(sample: GenerateRequest): RequestTextOf | undefined {
  const slot = (name: string) => `\u0000slot:${name}\u0000`
  const marked = requestText({
    ...sample,
    seed: slot('seed') as unknown as number,
    messages: sample.messages.map((m, i) => ({ ...m, content: slot(String(i)) })),
  })
  const names = ['seed', ...sample.messages.map((_, i) => String(i))]
  const found = names.map((name) => ({ name, text: JSON.stringify(slot(name)) }))
    .map((s) => ({ ...s, at: marked.indexOf(s.text) }))
  if (found.some((s) => s.at < 0 || marked.indexOf(s.text, s.at + 1) >= 0)) return undefined
  found.sort((a, b) => a.at - b.at)
  const pieces: string[] = []
  let from = 0
  for (const s of found) {
    pieces.push(marked.slice(from, s.at))
    from = s.at + s.text.length
  }
  pieces.push(marked.slice(from))
  const order = found.map((s) => (s.name === 'seed' ? -1 : Number(s.name)))
  return (seed, contents) => {
    let out = pieces[0]!
    for (let i = 0; i < order.length; i++) {
      const at = order[i]!
      out += (at < 0 ? JSON.stringify(seed) : JSON.stringify(contents[at])) + pieces[i + 1]!
    }
    return out
  }
}
