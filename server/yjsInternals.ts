import * as Y from 'yjs'

/**
 * The one place that reads Yjs internals: `doc.store.pendingStructs` and `doc.store.pendingDs`,
 * where Yjs 13 parks the parts of an update that wait for a missing dependency. Yjs has no public
 * way to tell that an update was parked there, and the relay must know, because a parked update
 * is news (it has to be stored and relayed) although applying it changed nothing yet.
 * `yjsInternals.test.ts` fails if an upgrade of Yjs changes this.
 */

/**
 * Applies `update` (already decoded as `decoded`) to `doc` in one transaction with `origin`, and
 * tells whether it brought anything the replica lacked: a struct past what it had from that
 * struct's client, a deletion of something not yet deleted, or parts that now wait for a missing
 * dependency. An update that brings nothing, such as a reconnecting peer's sync step 2 that
 * repeats the deletions the replica already holds, is neither stored nor relayed.
 */
export function applyAndTell(doc: Y.Doc, update: Uint8Array, decoded: ReturnType<typeof Y.decodeUpdate>, origin: unknown): boolean {
  const { store } = doc
  const news = decoded.structs.some((struct) => struct.id.clock + struct.length > Y.getState(store, struct.id.client))
  const parked = pendingParts(doc)
  let failed = false
  let failure: unknown
  let before!: Map<number, number>
  let deleted = false
  Y.transact(
    doc,
    (transaction) => {
      before = transaction.beforeState
      try {
        Y.applyUpdate(doc, update, origin)
      } catch (error) {
        failed = true
        failure = error
      }
      deleted = transaction.deleteSet.clients.size > 0
    },
    origin,
  )
  const now = pendingParts(doc)
  const changed = deleted || now.structs !== parked.structs || now.deletes !== parked.deletes
  if (failed) throw partlyApplied(doc, failure, before, changed)
  return news || changed
}

/**
 * An update that Yjs failed to apply after integrating part of it: the replica holds that part,
 * so the caller must store and relay `applied` (everything the replica gained, as one update) like
 * any edit before refusing the rest, or the replica would hold what no peer and no log entry has.
 */
export class PartlyAppliedError extends Error {
  constructor(
    readonly applied: Uint8Array,
    readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

/**
 * The error to throw for a failed apply: the original one when the replica took nothing of the
 * update (no struct past `before`, and not `changed` by deletions or parked parts).
 */
function partlyApplied(doc: Y.Doc, error: unknown, before: Map<number, number>, changed: boolean): unknown {
  const grew = [...doc.store.clients.keys()].some((client) => Y.getState(doc.store, client) > (before.get(client) ?? 0))
  if (!grew && !changed) return error
  return new PartlyAppliedError(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(before)), error)
}

/** What `doc` holds back for missing dependencies: identities only, compared to see a change. */
export function pendingParts(doc: Y.Doc): { structs: unknown; deletes: unknown } {
  return { structs: doc.store.pendingStructs, deletes: doc.store.pendingDs }
}
