/**
 * provider: talk to Runware's native `textInference` API (the undici client, failure
 * classification, retries) and serve a local emulator of that API on loopback.
 * May import only `../core/index.js`; other modules import this file, never its internals.
 */
export { ProviderError, type Provider } from './types.js'
export { createRunwareProvider, type RunwareClientOptions, type RunwareProvider } from './runware-client.js'
export { withRetry, backoffDelay, type RetryPolicy } from './retry.js'
export { parseRetryAfter, kindFromCode, kindFromStatus } from './classify.js'
export { buildTextInferenceTask } from './wire.js'
export { startEmulator, EMULATOR_MODELS, type EmulatorOptions, type EmulatorHandle } from './emulator/server.js'
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
