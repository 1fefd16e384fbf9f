/** Display helpers shared by the terminal, Markdown and HTML outputs. */

export function formatRate(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`
}

export function formatUsd(usd: number | null): string {
  if (usd === null) return '–'
  if (usd === 0) return '$0'
  return usd >= 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toPrecision(3)}`
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–'
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`
}

/** How the provider is named to a reader: emulator results must never pass for real ones. */
export function describeProvider(provider: string): string {
  return provider === 'emulator' ? 'emulator (offline Runware emulator: results are simulated, not from GPT-5 Mini)' : provider
}
