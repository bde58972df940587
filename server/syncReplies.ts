import * as Y from 'yjs'
import { encodeMessage, syncStep2 } from '../shared/index.ts'
import type { ReplySeed } from './roomStore.ts'
import { mergeAll, updateFrame } from './updateFrame.ts'

/** How long replies are kept and how far the document may move on before they are encoded again. */
export interface SyncReplyLimits {
  /** Distinct state vectors whose replies are kept at once (default 8). */
  maxEntries?: number
  /** Updates applied since the replies were encoded, past which they are dropped (default 4096)… */
  maxTailUpdates?: number
  /** …or their bytes past this share of the largest reply (default 1/8, and never under 64 KiB). */
  maxTailShare?: number
}

/**
 * The sync step 2 frames a room answers sync step 1 with, encoded once and shared by every peer
 * that sends the same state vector: a class opening one link all send the empty one, and a relay's
 * peers reconnecting after a restart all send the document's. Encoding a step 2 walks the whole
 * replica (and writes its whole delete set), so a 4 MB document costs tens of milliseconds each time.
 *
 * Replies are not thrown away at every keystroke: updates applied after they were encoded are kept
 * as a tail, and a reply is the tail (a few merged update frames) followed by the step 2 frame. A peer
 * applying the tail before the step 2 holds its parts until the step 2 brings what they build on
 * (Yjs waits for missing dependencies), so once the step 2 has arrived it holds the document as of
 * the last update. When the tail passes {@link SyncReplyLimits}, everything is dropped and the next
 * reply is encoded afresh from the replica. Memory: the kept frames, about one encoded document per
 * distinct state vector, until the room calls {@link trim}.
 *
 * The caller must hand every update that changes the replica to {@link changed}, and call
 * {@link reply} only when the replica holds nothing those calls have not covered.
 */
export class SyncReplies {
  /** Step 2 frames by state vector, all encoded from the replica as it was at one moment. */
  private readonly replies = new Map<string, Uint8Array>()
  private largest = 0
  /**
   * Updates applied since that moment: those merged so far, in segments, and those not yet. A
   * reply merges only what came since the last one into a new segment; a segment holding no more
   * updates than the one before it is merged into that one, so there are never more segments than
   * the log of the updates' count, and the tail of a document being typed in while a crowd joins
   * is not merged again for every reply (with a long log behind it, that took 2–5 ms a reply).
   */
  private segments: Array<{ update: Uint8Array; count: number; frame: Uint8Array }> = []
  private segmentBytes = 0
  private tail: Uint8Array[] = []
  private tailCount = 0
  private tailBytes = 0
  private lastUsed = 0
  /** Updates {@link changed} since {@link beginCapture}, for {@link seedFrom}; null when none is kept. */
  private captured: Uint8Array[] | null = null
  private readonly limits: Required<SyncReplyLimits>

  constructor(
    private readonly doc: Y.Doc,
    limits: SyncReplyLimits = {},
  ) {
    this.limits = { maxEntries: limits.maxEntries ?? 8, maxTailUpdates: limits.maxTailUpdates ?? 4096, maxTailShare: limits.maxTailShare ?? 1 / 8 }
  }

  /** Bytes held: every kept frame. */
  get bytes(): number {
    let total = this.tailBytes + 2 * this.segmentBytes
    for (const frame of this.replies.values()) total += frame.length
    return total
  }

  /**
   * The frames that answer a sync step 1 carrying `stateVector`, in the order to send them: the
   * tail's update frames, when there is a tail, then the step 2. `now` marks the replies as used.
   */
  reply(stateVector: Uint8Array, now: number): Uint8Array[] {
    const key = keyOf(stateVector)
    let stepTwo = this.replies.get(key)
    if (!stepTwo) {
      // A new reply is encoded from the replica as it is now; the others and their tail are older.
      if (this.tailCount > 0 || this.replies.size >= this.limits.maxEntries) this.clear()
      stepTwo = encodeMessage(syncStep2(this.doc, stateVector))
      this.replies.set(key, stepTwo)
      this.largest = Math.max(this.largest, stepTwo.length)
    }
    this.lastUsed = now
    if (this.tailCount === 0) return [stepTwo]
    if (this.tail.length > 0) this.mergeTail()
    return [...this.segments.map((segment) => segment.frame), stepTwo]
  }

  /**
   * Takes `whole`, an update holding the replica as it was before `since` were applied (a stored
   * snapshot, with the log stored after it), as the reply to the empty state vector, so the first
   * peers to join a document just loaded are answered without encoding it. Does nothing when a
   * reply is already kept or `since` is past the tail's limits.
   */
  seed(whole: Uint8Array, since: readonly Uint8Array[], now: number): void {
    if (this.replies.size > 0 || since.length > this.limits.maxTailUpdates) return
    const stepTwo = encodeMessage({ type: 'syncStep2', update: whole })
    this.replies.set(keyOf(emptyStateVector), stepTwo)
    this.largest = stepTwo.length
    this.lastUsed = now
    for (const update of since) this.changed(update)
  }

  /**
   * Starts keeping every update {@link changed} from now on, for {@link seedFrom}. Call it no later
   * than when the read that will seed is queued behind the store writes already queued: whatever
   * was applied before is then in the store by the time the read runs, and whatever comes after
   * is kept here. {@link endCapture} stops it.
   */
  beginCapture(): void {
    this.captured ??= []
  }

  /** Whether updates are being kept for {@link seedFrom}. */
  get capturing(): boolean {
    return this.captured !== null
  }

  /** Stops keeping updates for {@link seedFrom} (the room answers otherwise after all). */
  endCapture(): void {
    this.captured = null
  }

  /**
   * Seeds the reply to the empty state vector, as {@link seed} does, from what `read` returns: the
   * document as the store holds it (null when it holds no snapshot). A joiner of a large document
   * is then answered with bytes the store already has, where encoding the replica stops the room,
   * and everyone typing in it, for tens to hundreds of milliseconds (about 200 ms for 4 MB). The
   * updates kept since {@link beginCapture} (begun here if it was not) are added to the tail, so
   * the reply misses nothing the store did not have yet; those the read returns as well are merged
   * twice, which changes nothing. Ends the capture. Resolves whether it seeded; rejects when the
   * read does.
   */
  async seedFrom(read: () => Promise<ReplySeed | null>, now: number): Promise<boolean> {
    this.beginCapture()
    let stored: ReplySeed | null = null
    try {
      if (this.replies.size === 0) stored = await read()
    } catch (error) {
      this.endCapture()
      throw error
    }
    const captured = this.captured ?? []
    this.endCapture()
    if (!stored) return false
    this.seed(stored.whole, [...stored.since, ...captured], now)
    return this.replies.size > 0
  }

  /** Whether a reply to `stateVector` is kept. */
  holds(stateVector: Uint8Array): boolean {
    return this.replies.has(keyOf(stateVector))
  }

  /** The replica changed by `update` (as the peer sent it). */
  changed(update: Uint8Array): void {
    this.captured?.push(update)
    if (this.replies.size === 0) return
    this.tail.push(update)
    this.tailCount++
    this.tailBytes += update.length
    const maxTailBytes = Math.max(64 * 1024, this.largest * this.limits.maxTailShare)
    if (this.tailCount > this.limits.maxTailUpdates || this.tailBytes + this.segmentBytes > maxTailBytes) this.clear()
  }

  /** Drops every reply when none has been used since `before`; returns whether it did. */
  trim(before: number): boolean {
    if (this.replies.size === 0 || this.lastUsed >= before) return false
    this.clear()
    return true
  }

  /** Merges the updates not yet merged into a segment, and segments no larger than the one after them into it. */
  private mergeTail(): void {
    let segment = { update: mergeAll(this.tail), count: this.tail.length }
    this.segmentBytes += segment.update.length
    this.tail = []
    this.tailBytes = 0
    while (this.segments.length > 0 && this.segments[this.segments.length - 1].count <= segment.count) {
      const before = this.segments.pop()!
      const merged = mergeAll([before.update, segment.update])
      this.segmentBytes += merged.length - before.update.length - segment.update.length
      segment = { update: merged, count: before.count + segment.count }
    }
    this.segments.push({ ...segment, frame: updateFrame(segment.update) })
  }

  /** Drops every reply and the tail. */
  clear(): void {
    this.replies.clear()
    this.largest = 0
    this.segments = []
    this.segmentBytes = 0
    this.tail = []
    this.tailCount = 0
    this.tailBytes = 0
  }
}

/** The state vector of an empty document: what a peer opening a document for the first time sends. */
export const emptyStateVector = Y.encodeStateVector(new Y.Doc())

/** A map key holding exactly the bytes of `stateVector`. */
function keyOf(stateVector: Uint8Array): string {
  return Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1')
}
