import { UsageError } from '../core/index.js'
import type { ProjectConfig } from '../config/index.js'
import { createRunwareProvider, loadEmulatorScript, startEmulator, withRetry, type Provider } from '../provider/index.js'

export interface ProviderConnection {
  provider: Provider
  /** `emulator` or `runware`. */
  id: string
  close(): Promise<void>
}

/**
 * Build the provider a project asks for. The emulator is started in-process on a free
 * loopback port and reached through the same client code as the real API.
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
    const client = createRunwareProvider({ id: 'runware', baseUrl: p.baseUrl, apiKey, timeoutMs: p.timeoutMs, connections: config.concurrency })
    return { provider: withRetry(client, { maxRetries: p.maxRetries }), id: 'runware', close: () => client.close() }
  }
  const script = p.emulatorScript ? loadEmulatorScript(p.emulatorScript, { thinkingLevels: config.thinkingLevels }) : undefined
  const emulator = await startEmulator({ script, thinkingLevels: config.thinkingLevels })
  const client = createRunwareProvider({
    id: 'emulator',
    baseUrl: emulator.url,
    apiKey: 'emulator-local-key',
    timeoutMs: p.timeoutMs,
    connections: config.concurrency,
  })
  return {
    provider: withRetry(client, { maxRetries: p.maxRetries }),
    id: 'emulator',
    close: async () => {
      await client.close()
      await emulator.close()
    },
  }
}

