/**
 * Deterministic randomness for the emulator: every "random" choice is a pure function of
 * the request parts it is keyed on, so the same request always gets the same answer.
 */
import seedrandom from 'seedrandom'
import { hashOf } from '../../core/index.js'

export type Rng = () => number

/** A number in [0, 1) derived from the hash of the given parts. */
export function unitHash(...parts: unknown[]): number {
  // 13 hex digits = 52 bits, exactly representable in a double.
  return parseInt(hashOf(parts, 13), 16) / 2 ** 52
}

/** A seeded generator keyed on the given parts. */
export function rngFor(...parts: unknown[]): Rng {
  return seedrandom(hashOf(parts))
}

/** An integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!
}
