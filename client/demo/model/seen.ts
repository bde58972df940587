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

/** A local edit of one replica, with the replicas that do not have it yet. */
export interface UnseenOp {
  readonly op: LoggedOp
  readonly missingAt: readonly string[]
}

/**
 * The entries of `log` that at least one of `others` has not seen yet, each with the names of
 * those that have not: the edits a replica holds that the others are still waiting for.
 */
export function unseenOps(log: readonly LoggedOp[], others: readonly { name: string; knowledge: ReplicaKnowledge }[]): UnseenOp[] {
  return log.flatMap((op) => {
    const missingAt = others.filter((other) => !hasSeen(other.knowledge, op)).map((other) => other.name)
    return missingAt.length > 0 ? [{ op, missingAt }] : []
  })
}
