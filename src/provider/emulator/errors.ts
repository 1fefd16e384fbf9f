/**
 * Error items as the emulator puts them on the wire (`errors` array of the envelope),
 * and a small collector used by the validators.
 */

export interface WireError {
  code: string
  message: string
  parameter?: string
  taskType?: string
  taskUUID?: string
  /** A number: the HTTP status this error implies (stripped before sending); a string: the item's `status` (sent). */
  status?: number | string
  [extra: string]: unknown
}

export type ErrorExtra = { type?: string; min?: number; max?: number; allowedValues?: readonly string[]; context?: object; status?: number }

/** Collects the violations of one task. */
export class Checker {
  readonly errors: WireError[] = []
  readonly taskUUID: string | undefined

  constructor(
    readonly taskType: string,
    taskUUID: unknown,
  ) {
    this.taskUUID = typeof taskUUID === 'string' ? taskUUID : undefined
  }

  fail(code: string, parameter: string, message: string, extra: ErrorExtra = {}): void {
    this.errors.push({ code, message, parameter, taskType: this.taskType, taskUUID: this.taskUUID, ...extra })
  }

  get ok(): boolean {
    return this.errors.length === 0
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A short description of a value's JSON type, for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${String(value)}`
}

interface IntRule {
  parameter: string
  code: string
  min: number
  max: number
}

/** An integer within [min, max], or a recorded violation (undefined). */
export function checkInteger(c: Checker, value: unknown, rule: IntRule): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= rule.min && value <= rule.max) return value
  const message = `${rule.parameter} must be an integer from ${rule.min} to ${rule.max}, got ${describeValue(value)}`
  c.fail(rule.code, rule.parameter, message, { type: 'integer', min: rule.min, max: rule.max })
  return undefined
}

/** One of the allowed strings, or a recorded violation (undefined). */
export function checkEnum<T extends string>(
  c: Checker,
  value: unknown,
  allowed: readonly T[],
  rule: { parameter: string; code: string; caseInsensitive?: boolean },
): T | undefined {
  if (typeof value === 'string') {
    const found = allowed.find((a) => (rule.caseInsensitive ? a.toLowerCase() === value.toLowerCase() : a === value))
    if (found !== undefined) return found
  }
  const message = `${rule.parameter} must be one of ${allowed.join(', ')}, got ${describeValue(value)}`
  c.fail(rule.code, rule.parameter, message, { type: 'string', allowedValues: allowed })
  return undefined
}

/** Flag keys outside the allowed set as `unsupportedParameter` (unless ignoring them). */
export function checkKeys(c: Checker, obj: Record<string, unknown>, allowed: ReadonlySet<string>, prefix: string, ignore: boolean): void {
  if (ignore) return
  for (const key of Object.keys(obj)) {
    if (allowed.has(key)) continue
    const parameter = prefix ? `${prefix}.${key}` : key
    c.fail('unsupportedParameter', parameter, `parameter ${parameter} is not supported for this model`)
  }
}
