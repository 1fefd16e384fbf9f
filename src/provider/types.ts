import { HarnessError, type ErrorInfo, type GenerateRequest, type GenerateResponse, type ProviderErrorKind } from '../core/index.js'

/** Anything that turns a request into results: the Runware client, wrapped or not. */
export interface Provider {
  /** `emulator` or `runware`; recorded on runs and shown in reports. */
  readonly id: string
  generate(request: GenerateRequest, options?: { signal?: AbortSignal }): Promise<GenerateResponse>
}

const RETRYABLE: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'server', 'timeout', 'network', 'provider'])

/** A classified provider failure. */
export class ProviderError extends HarnessError {
  readonly kind: ProviderErrorKind
  readonly status?: number
  readonly parameter?: string
  readonly retryAfterMs?: number
  /** Attempts made before giving up (set by the retry wrapper). */
  attempts = 1

  constructor(
    kind: ProviderErrorKind,
    code: string,
    message: string,
    extra: { status?: number; parameter?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: extra.cause })
    this.kind = kind
    this.status = extra.status
    this.parameter = extra.parameter
    this.retryAfterMs = extra.retryAfterMs
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind)
  }

  toInfo(): ErrorInfo {
    return { kind: this.kind, code: this.code, message: this.message, status: this.status, parameter: this.parameter }
  }
}
