import { UsageError } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import {
  createRunwareProvider, loadEmulatorScript, startEmulator, withAdaptiveConcurrency, withRetry,
  type Provider, type RunwareClientOptions, type RunwareProvider,
} from '../provider/index.js'

export interface ProviderConnection {
  provider: Provider
  /** `emulator` or `runware`. */
  id: string
  close(): Promise<void>
}

/**
 * Polling timings of the in-process emulator, whose simulated latencies are milliseconds:
 * the real API's 1 s first poll would only add waiting. The project's own values win.
 */
const EMULATOR_DELIVERY = { pollIntervalMs: 10, pollMaxIntervalMs: 100 }

/**
 * Build the provider a project asks for: the Runware client, wrapped in adaptive
 * concurrency (AIMD on 429, capped by `concurrency`) and then in retries, so every attempt
 * feeds the limiter and a backoff holds no slot. The emulator is started in-process on a
 * free loopback port and reached through the same client code as the real API.
 * A missing key for the real API is a usage error, never a fallback to the emulator.
 */
export async function connectProvider(config: ProjectConfig, env: NodeJS.ProcessEnv): Promise<ProviderConnection> {
  const { provider: p } = config
  if (p.type === 'runware') {
    const apiKey = env[p.apiKeyEnv]
    if (!apiKey) {
      throw new UsageError(
        `provider "runware" needs an API key: export ${p.apiKeyEnv}=<your key> (or use --provider emulator)`,
        'MISSING_API_KEY',
      )
    }
    const client = createRunwareProvider({ ...clientOptions(config), id: 'runware', baseUrl: p.baseUrl, apiKey })
    return { provider: resilient(client, config), id: 'runware', close: () => client.close() }
  }
  const script = p.emulatorScript ? loadEmulatorScript(p.emulatorScript, { thinkingLevels: config.thinkingLevels }) : undefined
  const emulator = await startEmulator({ script, thinkingLevels: config.thinkingLevels })
  const options = clientOptions(config)
  const client = createRunwareProvider({
    ...options,
    id: 'emulator',
    baseUrl: emulator.url,
    apiKey: 'emulator-local-key',
    delivery: { ...EMULATOR_DELIVERY, ...options.delivery },
  })
  return {
    provider: resilient(client, config),
    id: 'emulator',
    close: async () => {
      await client.close()
      await emulator.close()
    },
  }
}

function clientOptions(config: ProjectConfig): Omit<RunwareClientOptions, 'id' | 'baseUrl' | 'apiKey'> {
  const { timeoutMs, delivery } = config.provider
  const { webhookUrl, webhookPort, ...timings } = delivery ?? {}
  return {
    timeoutMs,
    connections: config.concurrency,
    delivery: timings,
    webhook: { ...(webhookUrl !== undefined ? { publicUrl: webhookUrl } : {}), ...(webhookPort !== undefined ? { port: webhookPort } : {}) },
  }
}

/** Retries around adaptive concurrency around the client. */
function resilient(client: RunwareProvider, config: ProjectConfig): Provider {
  const p = config.provider
  const limited = p.adaptiveConcurrency === false ? client : withAdaptiveConcurrency(client, { max: config.concurrency })
  return withRetry(limited, {
    maxRetries: p.maxRetries,
    ...(p.retryBaseDelayMs !== undefined ? { baseDelayMs: p.retryBaseDelayMs } : {}),
    ...(p.retryMaxDelayMs !== undefined ? { maxDelayMs: p.retryMaxDelayMs } : {}),
  })
}
