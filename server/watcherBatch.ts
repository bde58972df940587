import type { BatchWindow } from './batchWindow.ts'
import { mergeAll, updateFrame } from './updateFrame.ts'

/**
 * The stored updates a large room relays to its watchers (peers that have not written lately),
 * at most once a window: an update after a quiet spell goes out at once and opens a window, and
 * those that come within the window go out together, merged into one frame, when it ends.
 *
 * In a lecture of 150 watching while 10 type, each keystroke would otherwise be a send to every
 * watcher, about 50 µs of the relay's time each; people who only read see the text at most a
 * window later, and the writers, who are never held, as before. The window is the room's, shared
 * with its presence changes, so a watcher gets both in one write.
 */
export class WatcherBatch {
  private pending: Uint8Array[] = []
  private merged: Uint8Array | null = null

  constructor(
    private readonly window: BatchWindow,
    /** Called when the window ends with something held: the room then calls {@link flush}. */
    private readonly ended: () => void,
    /** Sends a frame of what was held to every peer that is a watcher when the window ends. */
    private readonly deliver: (frame: Uint8Array) => void,
  ) {}

  /**
   * Whether `update`, stored, is held for the end of the window (the caller sends it to writers
   * only); when not, the caller sends it to everyone now, and a window begins.
   */
  hold(update: Uint8Array): boolean {
    if (this.pending.length === 0 && this.window.passed()) return false
    this.pending.push(update)
    this.merged = null
    // The window ended before its timer ran: what it held goes out now, in order, with this.
    if (this.window.passed(false)) this.flush()
    else this.window.atEnd(this.ended)
    return true
  }

  /** The frame of everything held so far, or null when nothing is: what a watcher who starts writing is owed. */
  owed(): Uint8Array | null {
    if (this.pending.length === 0) return null
    return (this.merged ??= updateFrame(mergeAll(this.pending)))
  }

  /** Delivers what is held now, and begins a window if anything was. */
  flush(): void {
    const frame = this.owed()
    if (!frame) return
    this.pending = []
    this.merged = null
    this.window.begin()
    this.deliver(frame)
  }
}
