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
  const identity: Record<string, unknown> = { ...request }
  for (const field of TRANSPORT_ONLY_FIELDS) delete identity[field]
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
