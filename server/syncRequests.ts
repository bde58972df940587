import { equalFlat } from 'lib0/array'

/**
 * The sync step 1 requests a room has received and not yet answered, in arrival order. A room
 * answers them after the store writes queued before them, so what the answers hold is durable and
 * the updates of the people already typing are relayed first; and it answers only so many bytes'
 * worth per turn, so that a crowd joining a large document at once does not hold the event loop
 * (and everyone's keystrokes) for the time it takes to send them all.
 */
export class SyncRequests<Peer> {
  private waiting: Array<{ peer: Peer; stateVector: Uint8Array }> = []
  private claimed = false

  /** Requests waiting. */
  get size(): number {
    return this.waiting.length
  }

  /**
   * Whether there are requests to answer that nobody has yet undertaken to answer; true once per
   * batch, until {@link take} is next called.
   */
  claim(): boolean {
    if (this.claimed || this.waiting.length === 0) return false
    this.claimed = true
    return true
  }

  /** Whether some waiting request carries exactly `stateVector`. */
  asks(stateVector: Uint8Array): boolean {
    return this.waiting.some((request) => equalFlat(request.stateVector, stateVector))
  }

  /** Notes that `peer` asked with `stateVector` (copied: the frame it came in is not kept). */
  add(peer: Peer, stateVector: Uint8Array): void {
    this.waiting.push({ peer, stateVector: stateVector.slice() })
  }

  /**
   * Takes the requests to answer now, oldest first, with their replies: requests of peers that
   * `isPresent` no longer finds are dropped, and once the replies taken reach `budget` bytes the
   * rest wait for the next call. At least one request is answered per call, however large.
   */
  take(budget: number, isPresent: (peer: Peer) => boolean, reply: (stateVector: Uint8Array) => Uint8Array[]): Array<[Peer, Uint8Array[]]> {
    this.claimed = false
    const answers: Array<[Peer, Uint8Array[]]> = []
    let spent = 0
    let next = 0
    while (next < this.waiting.length && (answers.length === 0 || spent < budget)) {
      const { peer, stateVector } = this.waiting[next++]
      if (!isPresent(peer)) continue
      const frames = reply(stateVector)
      for (const frame of frames) spent += frame.length
      answers.push([peer, frames])
    }
    this.waiting = this.waiting.slice(next)
    return answers
  }
}
