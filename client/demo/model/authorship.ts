import type * as Y from 'yjs'

/** A stretch of the visible text written by one Yjs client. */
export interface AuthorRun {
  readonly from: number
  readonly to: number
  readonly client: number
}

/**
 * Who wrote each part of `text`: its live items in document order, neighbours of the same client
 * joined. Positions are those of `text.toString()`.
 */
export function authorRuns(text: Y.Text): AuthorRun[] {
  const runs: AuthorRun[] = []
  let pos = 0
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    const last = runs[runs.length - 1]
    if (last && last.client === item.id.client && last.to === pos) runs[runs.length - 1] = { ...last, to: pos + item.length }
    else runs.push({ from: pos, to: pos + item.length, client: item.id.client })
    pos += item.length
  }
  return runs
}
