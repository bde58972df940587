import * as Y from 'yjs'
import { encodeDocName } from '../../../shared/docName.ts'
import { replicaNames, starterName, type ReplicaName } from '../model/cast.ts'
import { createReplica, type Replica } from './replica.ts'

/** A fresh room on the relay with the three replicas in it. */
export interface DemoRoom {
  /** The document name on the relay, e.g. `demo/k3x9q2`. */
  readonly name: string
  readonly replicas: Readonly<Record<ReplicaName, Replica>>
  /** Who a Yjs client id belongs to: a replica's name, or `start` for the starting text. */
  nameOf(client: number): string
  destroy(): void
}

/**
 * Opens a new room `demo/<random>` on the relay at `serverUrl`, each replica's caret in its
 * `colors` entry. The starting text is written once, by a client of its own, and given to all
 * three replicas before they connect, so they begin identical and the text belongs to none of them.
 */
export function openDemoRoom(serverUrl: string, start: string, colors: Readonly<Record<ReplicaName, string>>): DemoRoom {
  const name = `demo/${randomId()}`
  const starter = new Y.Doc()
  starter.getText('codemirror').insert(0, start)
  const seed = Y.encodeStateAsUpdate(starter)
  const room = encodeDocName(name)
  const replicas = Object.fromEntries(replicaNames.map((who) => [who, createReplica(who, colors[who], serverUrl, room, seed)])) as Record<ReplicaName, Replica>
  const names = new Map<number, string>([[starter.clientID, starterName]])
  for (const who of replicaNames) names.set(replicas[who].doc.clientID, who)
  starter.destroy()
  return {
    name,
    replicas,
    // Yjs may pick a new client id for a doc after a clash, so look the replicas up each time.
    nameOf: (client) => replicaNames.find((who) => replicas[who].doc.clientID === client) ?? names.get(client) ?? `#${client}`,
    destroy() {
      for (const who of replicaNames) replicas[who].destroy()
    },
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6))
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('')
}
