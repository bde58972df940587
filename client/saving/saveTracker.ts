/**
 * Counts this device's changes that the relay has not yet durably stored, from the relay's durable
 * acknowledgements (message type `DurableAck`, see the README).
 *
 * The relay acknowledges, per connection, how many sync step 2 and sync update frames it has stored.
 * A change made while connected travels in the update frame the provider sends at once; a change
 * made offline, or sent on a connection that closed before its acknowledgement, travels in the sync
 * step 2 frame of the next connection, which carries everything the relay lacks. A change is saved
 * once the frame that carries it is acknowledged. Pure: the session feeds it events.
 */
export class SaveTracker {
  /** Sync frames sent on the current connection. */
  private sent = 0
  private connected = false
  /** For each change in flight, the number of the frame that carries it on this connection. */
  private inFlight: number[] = []
  /** Changes waiting for the next connection's sync step 2. */
  private waiting: number

  /**
   * @param unsavedAtStart changes left unsaved by an earlier visit (they are in the local copy).
   * @param onChange called with the new count whenever it changes.
   */
  constructor(
    unsavedAtStart: number,
    private readonly onChange: (unsaved: number) => void,
  ) {
    this.waiting = unsavedAtStart
  }

  /** Changes not yet durably stored by the relay. */
  get unsaved(): number {
    return this.inFlight.length + this.waiting
  }

  /** A connection opened: frame counting starts again at zero. */
  opened(): void {
    this.connected = true
    this.sent = 0
  }

  /** The connection closed: whatever was in flight waits for the next one. */
  closed(): void {
    this.connected = false
    this.waiting += this.inFlight.length
    this.inFlight = []
  }

  /**
   * A sync frame went out: `step2` carries every change waiting; `update` carries the change the
   * provider is sending live.
   */
  frameSent(kind: 'step2' | 'update'): void {
    this.sent++
    if (kind === 'step2' && this.waiting > 0) {
      for (; this.waiting > 0; this.waiting--) this.inFlight.push(this.sent)
      this.onChange(this.unsaved)
    }
  }

  /**
   * This device made a change. Call it after the provider has had its chance to send the change
   * (its update listener runs first): when connected, the last frame sent carries it.
   */
  localChange(): void {
    if (this.connected && this.sent > 0) this.inFlight.push(this.sent)
    else this.waiting++
    this.onChange(this.unsaved)
  }

  /** The relay stored the first `count` sync frames of this connection. */
  acknowledged(count: number): void {
    const before = this.inFlight.length
    this.inFlight = this.inFlight.filter((frame) => frame > count)
    if (this.inFlight.length !== before) this.onChange(this.unsaved)
  }
}
