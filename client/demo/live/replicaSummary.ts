import { replicaNames, starterName, type ReplicaName } from '../model/cast.ts'
import type { LoggedOp } from '../model/opLog.ts'
import { knowledgeOf, unseenOps, type ReplicaKnowledge, type UnseenOp } from '../model/seen.ts'
import type { DemoRoom } from './demoRoom.ts'
import type { Link } from './replica.ts'
import type { Traffic } from './traffic.ts'

/** One entry of a state vector as shown: whose clock, and whether some other replica is behind. */
export interface VectorEntry {
  readonly name: string
  readonly clock: number
  /** This replica has more from `name` than at least one other replica. */
  readonly ahead: boolean
}

/** Everything a replica's card shows, read from the live room at one moment. */
export interface ReplicaSummary {
  readonly name: ReplicaName
  readonly link: Link
  readonly online: boolean
  readonly unseen: readonly UnseenOp[]
  readonly vector: readonly VectorEntry[]
  readonly log: readonly LoggedOp[]
  readonly traffic: Readonly<Traffic>
}

/** Summaries of the three replicas of `room`, each compared with the other two. */
export function summarizeRoom(room: DemoRoom): Record<ReplicaName, ReplicaSummary> {
  const knowledge = Object.fromEntries(replicaNames.map((name) => [name, knowledgeOf(room.replicas[name].doc)])) as Record<ReplicaName, ReplicaKnowledge>
  const summarize = (name: ReplicaName): ReplicaSummary => {
    const replica = room.replicas[name]
    const others = replicaNames.filter((other) => other !== name)
    const vector = [...knowledge[name].stateVector]
      .map(([client, clock]) => ({
        name: room.nameOf(client),
        clock,
        ahead: others.some((other) => (knowledge[other].stateVector.get(client) ?? 0) < clock),
      }))
      .sort((a, b) => order(a.name) - order(b.name))
    return {
      name,
      link: replica.link(),
      online: replica.wantsOnline(),
      unseen: unseenOps(replica.log(), others.map((other) => ({ name: other, knowledge: knowledge[other] }))),
      vector,
      log: replica.log(),
      traffic: { ...replica.traffic },
    }
  }
  return { Alice: summarize('Alice'), Bob: summarize('Bob'), Carol: summarize('Carol') }
}

function order(name: string): number {
  const index = (replicaNames as readonly string[]).indexOf(name)
  return name === starterName ? -1 : index < 0 ? replicaNames.length : index
}

/** The texts of the three replicas, in the order of {@link replicaNames}. */
export function textsOf(room: DemoRoom): string[] {
  return replicaNames.map((name) => room.replicas[name].text.toString())
}

