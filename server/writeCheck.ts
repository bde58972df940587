import * as Y from 'yjs'
import { CloseCode, ProtocolError } from '../shared/index.ts'

/**
 * Tells whether an update would change a document, without applying it: for peers that may read
 * but not write. A stock provider answers the relay's sync step 1 with a step 2 that repeats the
 * whole delete set it knows, so a read-only peer's frames are routinely updates that change
 * nothing; only one that would change something is refused.
 *
 * The document's snapshot (state vector and delete set) costs a pass over the replica, so it is
 * kept until the document changes.
 */
export class WriteCheck {
  private snapshot: Y.Snapshot | null = null
  private readonly forget = () => (this.snapshot = null)

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.forget)
  }

  /**
   * Whether applying `update` would add a struct the document lacks or delete something it has not
   * deleted (or that it has never seen). Throws a `ProtocolError` (`InvalidUpdate`) when `update`
   * is not a valid Yjs update.
   */
  wouldChange(update: Uint8Array): boolean {
    this.snapshot ??= Y.snapshot(this.doc)
    try {
      return !Y.snapshotContainsUpdate(this.snapshot, update)
    } catch (error) {
      throw ProtocolError.from(error, CloseCode.InvalidUpdate)
    }
  }

  /** Stops following the document. */
  destroy(): void {
    this.doc.off('afterTransaction', this.forget)
  }
}
