import { randomBytes } from 'node:crypto'

/** A sortable, readable run id: `20261128-004512-a3f9`. */
export function newRunId(now: Date): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${iso}-${randomBytes(2).toString('hex')}`
}
