import { type Contributions, contribute } from './contributions.ts'
import type { ChangeInput } from './history/changeRecord.ts'

/** Updates a batch holds at most before later turns queue a write of their own (merging costs more than linearly). */
export const batchUpdateLimit = 256

/**
 * One store write of a room: the updates of a turn, appended as one entry and then relayed. While
 * the write waits in the room's store queue behind one still committing, later turns {@link join}
 * it instead of queueing writes of their own, so a backlog that built up behind a slow commit is
 * stored with one more commit rather than one per turn, and its keystrokes wait for one round trip
 * to the store instead of a chain of them. Nothing queued after the batch (acknowledgements, sync
 * replies) is reordered: it now follows a write that holds more, never less.
 */
export class StoreBatch<Contributor> {
  private started = false
  private count = 0

  /** `since`: when the first of its updates arrived. */
  constructor(
    readonly contributions: Contributions<Contributor, Uint8Array>,
    readonly since: number,
    private readonly change: ChangeInput,
  ) {
    for (const items of contributions.values()) this.count += items.length
  }

  /**
   * Adds a later turn's updates and what they changed (the batch takes over `change`'s parts),
   * unless the write has started or holds `limit` updates already. Returns whether it did; if
   * not, the caller queues a batch of its own.
   */
  join(contributions: Contributions<Contributor, Uint8Array>, change: ChangeInput, limit = batchUpdateLimit): boolean {
    if (this.started || this.count >= limit) return false
    for (const [from, items] of contributions) {
      for (const item of items) contribute(this.contributions, from, item)
      this.count += items.length
    }
    this.change.at = change.at
    for (const part of change.parts) {
      // One part per author: an author's later ids follow their earlier ones.
      const same = this.change.parts.find((known) => known.author === part.author)
      if (!same) this.change.parts.push(part)
      else {
        same.inserts.push(...part.inserts)
        same.deletes.push(...part.deletes)
      }
    }
    return true
  }

  /** Closes the batch to later turns, as its write begins, and returns what it changed. */
  start(): ChangeInput {
    this.started = true
    return this.change
  }
}
