import { lazyRequire } from '../../core/index.js'

/**
 * A word-level diff of a baseline and a candidate output, as two annotated texts for a
 * side-by-side view: the baseline with its removed words marked, the candidate with its added
 * words marked. The text is cut into words, runs of whitespace and single punctuation marks, and
 * the `diff` package's Myers diff runs on those tokens (its `diffWords` gives the same marks but
 * is slower on a 10,000-sample page). Two texts instead of three keep the page small.
 */

/** A run of text; `d` marks words that are only on this side. */
export interface DiffSegment {
  t: string
  d: boolean
}

export interface SideBySide {
  base: DiffSegment[]
  head: DiffSegment[]
  /** Words removed / added, for a one-line summary. */
  removed: number
  added: number
}

/** Beyond this many edits the diff gives up and marks both texts whole (long, unrelated outputs). */
const MAX_EDIT_LENGTH = 400

export function wordDiff(base: string, head: string): SideBySide {
  // diff is loaded when a page first shows a changed output, not at start-up (see lazyRequire).
  const { diffArrays } = lazyRequire<typeof import('diff')>('diff')
  const changes = diffArrays(tokens(base), tokens(head), { maxEditLength: MAX_EDIT_LENGTH })
  if (!changes) {
    return { base: [{ t: base, d: true }], head: [{ t: head, d: true }], removed: countWords(base), added: countWords(head) }
  }
  const out: SideBySide = { base: [], head: [], removed: 0, added: 0 }
  for (const c of changes) {
    const text = c.value.join('')
    if (c.removed) {
      push(out.base, text, !isSpace(text))
      out.removed += countWords(text)
    } else if (c.added) {
      push(out.head, text, !isSpace(text))
      out.added += countWords(text)
    } else {
      push(out.base, text, false)
      push(out.head, text, false)
    }
  }
  return out
}

const TOKEN = /\s+|[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu

function tokens(text: string): string[] {
  return text.match(TOKEN) ?? []
}

function isSpace(text: string): boolean {
  return text.trim() === ''
}

/** Append, merging with the previous segment of the same kind. */
function push(list: DiffSegment[], text: string, d: boolean): void {
  if (!text) return
  const last = list[list.length - 1]
  if (last && last.d === d) last.t += text
  else list.push({ t: text, d })
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}
