import { type AwarenessEntry, decodeAwarenessEntries, decodeMessage, encodeAwarenessEntries, encodeMessage } from '../shared/index.ts'
import { mergeAll, updateFrame } from './updateFrame.ts'

/**
 * Frames the relay owes one peer while that peer cannot use them yet (it is waiting for, or still
 * receiving, its sync reply), handed over as few frames as they can be: every update frame merged
 * into one, every awareness frame into one (per client, the entry with the highest clock, the
 * later one of equal clocks, as y-protocols applies them), and any other frame as it was.
 *
 * A peer joining a document that people are typing in would otherwise be sent one frame per
 * keystroke and per presence change while its reply is on the way, each a write for the relay and
 * a message for the peer to read, and none of them usable before the reply has arrived. Order
 * between kinds is not kept (Yjs and awareness do not depend on it); within a kind it is.
 */
export class HeldFrames {
  private frames: Uint8Array[] = []
  private heldBytes = 0

  /** Bytes held. */
  get bytes(): number {
    return this.heldBytes
  }

  /** Number of frames held. */
  get size(): number {
    return this.frames.length
  }

  /** Holds `frame`, which must be a whole frame the relay built. */
  push(frame: Uint8Array): void {
    this.frames.push(frame)
    this.heldBytes += frame.length
  }

  /**
   * Empties the hold and returns what to send for it: the frames that are neither updates nor
   * awareness, in the order held, then one awareness frame, then one update frame.
   */
  take(): Uint8Array[] {
    const frames = this.frames
    this.frames = []
    this.heldBytes = 0
    const others: Uint8Array[] = []
    const updates: Uint8Array[] = []
    let updateFrameHeld: Uint8Array | null = null
    const presence = new Map<number, AwarenessEntry>()
    for (const frame of frames) {
      const message = decodeMessage(frame)
      if (message.type === 'syncUpdate') {
        updates.push(message.update)
        updateFrameHeld = frame
      } else if (message.type === 'awareness') {
        for (const entry of decodeAwarenessEntries(message.update)) {
          const known = presence.get(entry.clientId)
          if (!known || known.clock <= entry.clock) presence.set(entry.clientId, entry)
        }
      } else others.push(frame)
    }
    if (presence.size > 0) others.push(encodeMessage({ type: 'awareness', update: encodeAwarenessEntries([...presence.values()]) }))
    if (updates.length === 1) others.push(updateFrameHeld!)
    else if (updates.length > 1) others.push(updateFrame(mergeAll(updates)))
    return others
  }
}
