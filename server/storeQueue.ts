/**
 * A room's store writes and the work that must follow them (relaying what was written, durable
 * acknowledgements, sync replies), run one after the other in the order queued. The first task
 * that throws (a store write that failed) calls `onFailure` once; tasks queued after it still run
 * and must check {@link failed} themselves.
 */
export class StoreQueue {
  private tail: Promise<void> = Promise.resolve()
  private broken = false

  constructor(private readonly onFailure: (error: unknown) => void) {}

  /** Whether a task has failed. */
  get failed(): boolean {
    return this.broken
  }

  /** Runs `task` after every task queued before it has finished. */
  enqueue(task: () => Promise<void> | void): void {
    this.tail = this.tail.then(task).catch((error: unknown) => {
      if (this.broken) return
      this.broken = true
      this.onFailure(error)
    })
  }

  /** Resolves once the queue is empty, including tasks queued by tasks while waiting. */
  async drained(): Promise<void> {
    for (let tail = this.tail; ; tail = this.tail) {
      await tail
      if (tail === this.tail) return
    }
  }
}
