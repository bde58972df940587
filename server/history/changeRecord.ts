import * as Y from 'yjs'

/** `len` consecutive struct ids of one Yjs client, from `clock`: `[client, clock, len]`. */
export type IdRange = [client: number, clock: number, len: number]

/** What one sender contributed to a stored change. */
export interface ChangePart {
  /** Who sent it (a link's holder, or the name the editor announced), or null when unknown. */
  author: string | null
  /** The struct ids this part added to the relay's replica. */
  inserts: IdRange[]
  /** The struct ids this part deleted that were not deleted before. */
  deletes: IdRange[]
}

/** What a room tells the store about a change it appends: when, and who did what. */
export interface ChangeInput {
  /** When it was stored, in milliseconds since the epoch. */
  at: number
  /** One part per sender whose updates the entry merges, in the order they arrived. */
  parts: ChangePart[]
}

/** One stored change as history keeps it: its log entry's sequence number, time and parts. */
export interface ChangeRecord extends ChangeInput {
  seq: number
}

/**
 * The record of a log entry stored without one (written before history existed, or appended
 * without a {@link ChangeInput}): its author is unknown, its time is `at`, and what it added and
 * deleted is read from the update itself. An update may repeat deletions made earlier; history
 * gives every id to the earliest change that names it, so the repeats are harmless.
 */
export function recordFromUpdate(seq: number, update: Uint8Array, at: number): ChangeRecord {
  const { structs, ds } = Y.decodeUpdate(update)
  const inserts: IdRange[] = []
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const last = inserts.at(-1)
    if (last && last[0] === struct.id.client && last[1] + last[2] === struct.id.clock) last[2] += struct.length
    else inserts.push([struct.id.client, struct.id.clock, struct.length])
  }
  const deletes: IdRange[] = []
  for (const [client, items] of ds.clients) for (const item of items) deletes.push([client, item.clock, item.len])
  return { seq, at, parts: [{ author: null, inserts, deletes }] }
}

/** Whether a change added or deleted anything. */
export function changesAnything(change: ChangeInput): boolean {
  return change.parts.some((part) => part.inserts.length > 0 || part.deletes.length > 0)
}

/**
 * What reading change records tells, change by change, oldest first: a change, then each of its
 * parts, each followed by that part's insertions and deletions. A reader that folds what it needs
 * as it is told holds no object per change (see `HistoryStore.visitChanges`).
 */
export interface ChangeVisitor {
  change(seq: number, at: number): void
  part(author: string | null): void
  inserted(client: number, clock: number, len: number): void
  deleted(client: number, clock: number, len: number): void
}

/** Tells `visitor` the change `record`. */
export function visitRecord(record: ChangeRecord, visitor: ChangeVisitor): void {
  visitor.change(record.seq, record.at)
  for (const part of record.parts) {
    visitor.part(part.author)
    for (const [client, clock, len] of part.inserts) visitor.inserted(client, clock, len)
    for (const [client, clock, len] of part.deletes) visitor.deleted(client, clock, len)
  }
}

/** A {@link ChangeVisitor} that keeps what it is told as {@link records}. */
export class RecordCollector implements ChangeVisitor {
  readonly records: ChangeRecord[] = []
  private current: ChangePart | null = null

  change(seq: number, at: number): void {
    this.records.push({ seq, at, parts: [] })
  }
  part(author: string | null): void {
    this.current = { author, inserts: [], deletes: [] }
    this.records.at(-1)!.parts.push(this.current)
  }
  inserted(client: number, clock: number, len: number): void {
    this.current!.inserts.push([client, clock, len])
  }
  deleted(client: number, clock: number, len: number): void {
    this.current!.deletes.push([client, clock, len])
  }
}
