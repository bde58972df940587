import * as Y from 'yjs'
import type { LoggedOp } from './opLog.ts'

/** What one replica has received: its state vector and the items it knows to be deleted. */
export interface ReplicaKnowledge {
  /** Client id to the next clock expected from that client. */
  readonly stateVector: ReadonlyMap<number, number>
  isDeleted(client: number, clock: number): boolean
}

/** The knowledge of `doc` right now. */
export function knowledgeOf(doc: Y.Doc): ReplicaKnowledge {
  const deleteSet = Y.createDeleteSetFromStructStore(doc.store)
  return {
    stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)),
    isDeleted: (client, clock) => Y.isDeleted(deleteSet, Y.createID(client, clock)),
  }
}

/**
 * Whether a replica with `knowledge` has `op`: every inserted item is below its state vector, and
 * every item a delete removed is in its delete set. (Deletes do not advance state vectors, so the
 * state vector alone cannot tell.)
 */
export function hasSeen(knowledge: ReplicaKnowledge, op: LoggedOp): boolean {
  if (op.kind === 'insert') return (knowledge.stateVector.get(op.id.client) ?? 0) >= op.id.clock + op.id.length
  return op.ids.every((range) => {
    for (let clock = range.clock; clock < range.clock + range.length; clock++) {
      if (!knowledge.isDeleted(range.client, clock)) return false
    }
    return true
  })
}
