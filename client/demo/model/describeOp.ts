import type { IdRange, LoggedOp } from './opLog.ts'

/** A logged edit in words: what it did and the Yjs ids it carries. */
export interface OpDescription {
  /** `insert “big ”` or `delete “noon”`. */
  readonly what: string
  /** The item ids: `Bob 3–6` for an insert's new items, or the ids a delete removed. */
  readonly ids: string
  /** For an insert, the item it was placed after: `after start 41`, or `at the start`. */
  readonly origin: string | null
}

/** Describes `op`, naming clients with `nameOf`. */
export function describeOp(op: LoggedOp, nameOf: (client: number) => string): OpDescription {
  if (op.kind === 'insert') {
    return {
      what: `insert ${quote(op.text)}`,
      ids: formatRange(op.id, nameOf),
      origin: op.origin ? `after ${nameOf(op.origin.client)} ${op.origin.clock}` : 'at the start',
    }
  }
  return { what: `delete ${quote(op.text)}`, ids: op.ids.map((range) => formatRange(range, nameOf)).join(', '), origin: null }
}

/** `Alice 4` for one id, `Alice 4–9` for a range. */
export function formatRange(range: IdRange, nameOf: (client: number) => string): string {
  const last = range.clock + range.length - 1
  return `${nameOf(range.client)} ${range.clock}${last > range.clock ? `–${last}` : ''}`
}

function quote(text: string): string {
  const flat = text.replace(/\n/g, '⏎')
  return `“${flat.length > 28 ? `${flat.slice(0, 26)}…` : flat}”`
}
