/**
 * provider: talk to Runware's native `textInference` API (the undici client with sync, async,
 * stream and webhook delivery, failure classification, retries, adaptive concurrency) and
 * serve a local emulator of that API on loopback.
 * May import only `../core/index.js`; other modules import this file, never its internals.
 */
export { ProviderError, type Provider } from './types.js'
export { createRunwareProvider, type RunwareClientOptions, type RunwareProvider } from './runware-client.js'
export { withRetry, backoffDelay, type RetryPolicy } from './retry.js'
export { parseRetryAfter, kindFromCode, kindFromStatus } from './classify.js'
export { buildTextInferenceTask, wireMessage } from './wire.js'
export { withAdaptiveConcurrency, type AdaptiveOptions, type AdaptiveProvider, type AdaptiveStats } from './adaptive.js'
export { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.js'
export { DEFAULT_DELIVERY } from './client-context.js'
export { startEmulator, EMULATOR_MODELS, type EmulatorOptions, type EmulatorHandle } from './emulator/server.js'
export { parseFaultFlag } from './emulator/faults.js'
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './emulator/script-protocol.js'
export type { WebhookDelivery } from './emulator/webhooks.js'
export {
  loadEmulatorScript,
  parseEmulatorScript,
  defaultEmulatorScript,
  EmulatorScriptSchema,
  DEFAULT_THINKING_LEVELS,
  type EmulatorScript,
  type EmulatorScriptFile,
  type ResponseRule,
  type ScriptLoadOptions,
} from './emulator/script.js'
