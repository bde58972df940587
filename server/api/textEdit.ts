import DiffMatchPatch from 'diff-match-patch'
import diff from 'fast-diff'
import type * as Y from 'yjs'

/**
 * Turns `text` into `next` with the fewest changes fast-diff finds: each unchanged run is kept,
 * so concurrent edits elsewhere in the text, and the positions of others' carets, survive. Call it
 * inside a transaction to make the whole replacement one update. Returns whether anything changed.
 */
export function replaceText(text: Y.Text, next: string): boolean {
  const current = text.toString()
  if (current === next) return false
  let index = 0
  for (const [op, part] of diff(current, next)) {
    if (op === diff.EQUAL) {
      index += part.length
    } else if (op === diff.DELETE) {
      text.delete(index, part.length)
    } else {
      text.insert(index, part)
      index += part.length
    }
  }
  return true
}

/**
 * Three-way merge of plain text: the changes that turn `base` into `next`, applied to `current`
 * (which is `base` plus what others changed since), as diff-match-patch patches with fuzzy
 * matching. A change whose context others rewrote beyond recognition is dropped, never garbled.
 */
export function mergeText(base: string, next: string, current: string): string {
  if (current === base) return next
  const dmp = new DiffMatchPatch()
  return dmp.patch_apply(dmp.patch_make(base, next), current)[0]
}
