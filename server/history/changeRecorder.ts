import type * as Y from 'yjs'
import type { ChangeInput, IdRange } from './changeRecord.ts'

export type { ChangeInput } from './changeRecord.ts'

/**
 * Watches a room's replica and notes, per sender, what each applied update changed: the struct ids
 * it added (the state vector's growth) and the ids it deleted that were not deleted before (the
 * transaction's delete set, which Yjs leaves without a deleter). Transactions with a null origin
 * (loading, updates already stored elsewhere) are not the room's to record. {@link take} hands
 * over one turn's worth as the {@link ChangeInput} of the entry that turn appends.
 */
export class ChangeRecorder<Sender> {
  private turn = new Map<Sender, { inserts: IdRange[]; deletes: IdRange[] }>()

  /** `authorOf` names a sender when its turn is taken (null or undefined: unknown). */
  constructor(
    doc: Y.Doc,
    private readonly authorOf: (sender: Sender) => string | null | undefined,
  ) {
    doc.on('afterTransaction', (transaction: Y.Transaction) => this.note(transaction))
  }

  /** What was applied since the last call, stamped `at` (rounded to the millisecond), and forgets it. */
  take(at: number): ChangeInput {
    const parts = [...this.turn].map(([sender, { inserts, deletes }]) => ({ author: this.authorOf(sender) ?? null, inserts, deletes }))
    this.turn = new Map()
    return { at: Math.round(at), parts }
  }

  private note(transaction: Y.Transaction): void {
    if (transaction.origin === null || transaction.origin === undefined) return
    const inserts: IdRange[] = []
    for (const [client, after] of transaction.afterState) {
      const before = transaction.beforeState.get(client) ?? 0
      if (after > before) inserts.push([client, before, after - before])
    }
    const deletes: IdRange[] = []
    for (const [client, items] of transaction.deleteSet.clients) for (const item of items) deletes.push([client, item.clock, item.len])
    if (inserts.length === 0 && deletes.length === 0) return
    const sender = transaction.origin as Sender
    const noted = this.turn.get(sender)
    if (!noted) return void this.turn.set(sender, { inserts, deletes })
    noted.inserts.push(...inserts)
    noted.deletes.push(...deletes)
  }
}
