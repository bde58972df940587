import * as Y from 'yjs'
import { pendingParts } from '../../server/yjsInternals.ts'

/** Half-open ranges `[clock, clock + length)` of one client, sorted and merged. */
type Ranges = Array<[number, number]>

/**
 * What `held` (a document as updates, such as what a store holds durably) lacks of `promised`:
 * a struct it has not got, or a deletion it does not record. Null when it holds all of it. Works
 * on the updates' content, not on a replica, so updates whose dependencies are missing count too.
 */
export function missingFrom(held: Uint8Array[], promised: Uint8Array[]): string | null {
  if (promised.length === 0) return null
  const have = contentOf(held)
  const want = contentOf(promised)
  for (const [client, ranges] of want.structs) {
    for (const [start, end] of ranges) {
      if (!covers(have.structs.get(client), start, end)) return `struct ${client}:${start}..${end} is missing`
    }
  }
  for (const [client, ranges] of want.deletes) {
    for (const [start, end] of ranges) {
      if (!covers(have.deletes.get(client), start, end)) return `deletion ${client}:${start}..${end} is missing`
    }
  }
  return null
}

/**
 * Why the replicas (and the relay's stored document, given as `stored`) have not converged, or
 * null when they all hold the same state and text and nothing waits for a missing dependency.
 */
export function divergence(replicas: Array<{ name: string; doc: Y.Doc }>, stored: Y.Doc): string | null {
  const all = [...replicas, { name: 'stored document', doc: stored }]
  const [first, ...rest] = all
  const text = (doc: Y.Doc) => doc.getText('codemirror').toString()
  const state = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex')
  for (const { name, doc } of all) {
    const parked = pendingParts(doc)
    if (parked.structs !== null || parked.deletes !== null) return `${name} still waits for a missing dependency`
  }
  for (const other of rest) {
    if (state(other.doc) !== state(first.doc)) return `${other.name} has state ${state(other.doc)}, ${first.name} ${state(first.doc)}`
    if (text(other.doc) !== text(first.doc)) return `${other.name} reads ${JSON.stringify(text(other.doc))}, ${first.name} ${JSON.stringify(text(first.doc))}`
  }
  return null
}

function contentOf(updates: Uint8Array[]): { structs: Map<number, Ranges>; deletes: Map<number, Ranges> } {
  const { structs, ds } = Y.decodeUpdate(updates.length === 1 ? updates[0] : Y.mergeUpdates(updates))
  const byClient = new Map<number, Ranges>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    add(byClient, struct.id.client, struct.id.clock, struct.length)
  }
  const deletes = new Map<number, Ranges>()
  for (const [client, items] of ds.clients) for (const item of items) add(deletes, client, item.clock, item.len)
  for (const map of [byClient, deletes]) for (const [client, ranges] of map) map.set(client, merged(ranges))
  return { structs: byClient, deletes }
}

function add(map: Map<number, Ranges>, client: number, clock: number, length: number): void {
  if (length === 0) return
  const ranges = map.get(client)
  if (ranges) ranges.push([clock, clock + length])
  else map.set(client, [[clock, clock + length]])
}

function merged(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0])
  const out: Ranges = []
  for (const range of sorted) {
    const last = out[out.length - 1]
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1])
    else out.push([...range])
  }
  return out
}

function covers(ranges: Ranges | undefined, start: number, end: number): boolean {
  return ranges?.some(([from, to]) => from <= start && end <= to) ?? false
}
