/**
 * Which other relays are alive, by when each was last heard from (a heartbeat or any other
 * message). A relay silent for longer than the time to live is taken for dead: `gone` is called
 * with it once, as it is when a relay says it is leaving. Hearing from it again makes it alive.
 */
export class NodeLiveness {
  private readonly lastHeard = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
    private readonly gone: (node: string) => void,
  ) {}

  /** Relay `node` said something just now. */
  heard(node: string): void {
    this.lastHeard.set(node, this.now())
  }

  /** Relay `node` is shutting down. */
  left(node: string): void {
    this.lastHeard.delete(node)
    this.gone(node)
  }

  /** Declares dead every relay silent for longer than the time to live; call it every second or so. */
  check(): void {
    const deadline = this.now() - this.ttlMs
    for (const [node, at] of this.lastHeard) {
      if (at >= deadline) continue
      this.lastHeard.delete(node)
      this.gone(node)
    }
  }

  /** The relays heard from within the time to live. */
  get alive(): string[] {
    return [...this.lastHeard.keys()]
  }
}
