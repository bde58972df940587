/**
 * Durable acknowledgements for the peers that asked for them (`?ack=1`): per peer, how many sync
 * step 2 and update frames it has sent, and how many of those the relay has told it are stored.
 * The room counts frames as they arrive and, at the end of each turn, queues an acknowledgement
 * behind the store writes of that turn; only when those writes are durable does it send one.
 */
export class DurableAcks<Peer> {
  private readonly counts = new Map<Peer, { received: number; sent: number }>()

  /** Starts counting for `peer`. */
  track(peer: Peer): void {
    this.counts.set(peer, { received: 0, sent: 0 })
  }

  /** Stops counting for `peer` (it left). */
  forget(peer: Peer): void {
    this.counts.delete(peer)
  }

  /** Counts one sync frame from `peer`. Returns whether `peer` is tracked (so an acknowledgement is due). */
  received(peer: Peer): boolean {
    const count = this.counts.get(peer)
    if (count) count.received++
    return count !== undefined
  }

  /** The peers owed an acknowledgement, each with the count to acknowledge once what came before is stored. */
  due(): Array<[Peer, number]> {
    const due: Array<[Peer, number]> = []
    for (const [peer, { received, sent }] of this.counts) if (received !== sent) due.push([peer, received])
    return due
  }

  /**
   * Records that `peer`'s first `count` frames are stored. Returns whether that is news to send:
   * false when the peer left or an equal or later count was already sent.
   */
  acknowledge(peer: Peer, count: number): boolean {
    const state = this.counts.get(peer)
    if (!state || count <= state.sent) return false
    state.sent = count
    return true
  }
}
