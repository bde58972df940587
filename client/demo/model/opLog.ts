import * as Y from 'yjs'

/** Consecutive Yjs item ids of one client: clocks `clock` to `clock + length - 1`. */
export interface IdRange {
  readonly client: number
  readonly clock: number
  readonly length: number
}

/**
 * A local edit as Yjs records it: an insert is a run of new items with ids, placed after its
 * left `origin` item; a delete marks existing items (by id) as deleted. `index` is where it
 * happened in the text after the change.
 */
export type LoggedOp =
  | { kind: 'insert'; id: IdRange; origin: { client: number; clock: number } | null; text: string; index: number }
  | { kind: 'delete'; ids: readonly IdRange[]; text: string; index: number }

/**
 * The inserts and deletes that `event` made to its text, read from the items it added and
 * deleted. Call it inside the observer, before Yjs garbage-collects deleted content.
 */
export function opsOfEvent(event: Y.YTextEvent): LoggedOp[] {
  const ops: LoggedOp[] = []
  let index = 0
  for (let item = event.target._start; item !== null; item = item.right) {
    if (!item.countable) continue
    const added = event.adds(item)
    if (item.deleted) {
      if (event.deletes(item) && !added) ops.push({ kind: 'delete', ids: [rangeOf(item)], text: textOf(item), index })
    } else {
      if (added) ops.push({ kind: 'insert', id: rangeOf(item), origin: item.origin, text: textOf(item), index })
      index += item.length
    }
  }
  return ops.reduce<LoggedOp[]>((log, op) => appendOp(log, op), [])
}

/**
 * `log` with `op` appended, merged into the last entry when it continues it (typing on, or
 * deleting on with Backspace or Delete), so a typed word is one entry rather than one per key.
 */
export function appendOp(log: readonly LoggedOp[], op: LoggedOp): LoggedOp[] {
  const last = log[log.length - 1]
  const merged = last ? merge(last, op) : null
  return merged ? [...log.slice(0, -1), merged] : [...log, op]
}

function merge(a: LoggedOp, b: LoggedOp): LoggedOp | null {
  if (a.kind === 'insert' && b.kind === 'insert') {
    const continues = b.id.client === a.id.client && b.id.clock === a.id.clock + a.id.length && b.index === a.index + a.text.length
    return continues ? { ...a, id: { ...a.id, length: a.id.length + b.id.length }, text: a.text + b.text } : null
  }
  if (a.kind === 'delete' && b.kind === 'delete') {
    if (b.index === a.index) return { ...a, ids: joinRanges([...a.ids, ...b.ids]), text: a.text + b.text }
    if (b.index + b.text.length === a.index) return { ...b, ids: joinRanges([...b.ids, ...a.ids]), text: b.text + a.text }
  }
  return null
}

/** `ranges` with neighbours of the same client joined into one range. */
export function joinRanges(ranges: readonly IdRange[]): IdRange[] {
  const out: IdRange[] = []
  for (const range of ranges) {
    const last = out[out.length - 1]
    if (last && last.client === range.client && last.clock + last.length === range.clock) {
      out[out.length - 1] = { ...last, length: last.length + range.length }
    } else if (last && last.client === range.client && range.clock + range.length === last.clock) {
      out[out.length - 1] = { ...range, length: last.length + range.length }
    } else {
      out.push(range)
    }
  }
  return out
}

function rangeOf(item: Y.Item): IdRange {
  return { client: item.id.client, clock: item.id.clock, length: item.length }
}

function textOf(item: Y.Item): string {
  return item.content.getContent().join('')
}
