import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { HistoryPoint } from './historyPoints.ts'
import { type RunTable, never } from './runTable.ts'
import { autoVersionId, changeVersionId } from './versionInfo.ts'

/**
 * Everything the editor needs to show a document's history without asking again: the timeslider's
 * points (see `historyPoints.ts`), the run table as seen from those points (see `pointRuns.ts`:
 * every character some point shows, with the point that inserted and deleted it), and which author
 * each Yjs client id belongs to. The relay sends it as `GET /api/docs/<name>/history` (binary, see
 * {@link encodeBundle}); scrubbing then happens in the page.
 */
export interface HistoryBundle {
  /** The last stored change it covers. */
  head: number
  /** The relay's clock when it was made, in milliseconds since the epoch. */
  madeAt: number
  /** Author names; index 0 is "unknown" (''). */
  names: string[]
  /** The timeslider's stops, oldest first; the last is the head. */
  points: HistoryPoint[]
  /** Asked with `away`: the last change stored before then (0: none), a point; else null. */
  awaySeq: number | null
  /** Runs that tell apart exactly the {@link points} (and the start, 0). */
  runs: RunTable
  /** Who wrote with each Yjs client id, as an author index. */
  clients: Map<number, number>
}

const format = 2
const kinds: HistoryPoint['kind'][] = ['change', 'auto', 'named', 'restore']

/** Encodes a bundle in columns of variable-length integers (the relay gzips it on the way). */
export function encodeBundle(bundle: HistoryBundle): Uint8Array {
  const out = encoding.createEncoder()
  const uints = (values: ArrayLike<number>, map: (value: number, i: number) => number = (v) => v) => {
    const column = encoding.createEncoder()
    for (let i = 0; i < values.length; i++) encoding.writeVarUint(column, map(values[i], i))
    encoding.writeVarUint8Array(out, encoding.toUint8Array(column))
  }
  const ints = (values: ArrayLike<number>, map: (value: number, i: number) => number) => {
    const column = encoding.createEncoder()
    for (let i = 0; i < values.length; i++) encoding.writeVarInt(column, map(values[i], i))
    encoding.writeVarUint8Array(out, encoding.toUint8Array(column))
  }
  encoding.writeVarUint(out, format)
  encoding.writeVarUint(out, bundle.head)
  encoding.writeVarUint(out, Math.round(bundle.madeAt))
  const { points, runs } = bundle
  const made = points.flatMap((p, i) => (p.kind === 'named' || p.kind === 'restore' ? [[i, p.id, p.label ?? '']] : []))
  encoding.writeVarString(out, JSON.stringify({ names: bundle.names, made }))
  encoding.writeVarUint(out, bundle.clients.size)
  uints([...bundle.clients.keys()])
  uints([...bundle.clients.values()])
  encoding.writeVarUint(out, bundle.awaySeq === null ? 0 : bundle.awaySeq + 1)
  encoding.writeVarUint(out, points.length)
  uints(points.map((p) => p.seq), (seq, i) => seq - (i > 0 ? points[i - 1].seq : 0))
  ints(points.map((p) => p.at), (at, i) => at - (i > 0 ? points[i - 1].at : 0))
  uints(points.map((p) => kinds.indexOf(p.kind)))
  uints(points.map((p) => p.authors.length))
  uints(points.flatMap((p) => p.authors))
  encoding.writeVarUint(out, runs.count)
  encoding.writeVarString(out, runs.chars)
  const clientIds = [...new Set(runs.client)]
  const clientIndex = new Map(clientIds.map((client, i) => [client, i]))
  encoding.writeVarUint(out, clientIds.length)
  uints(clientIds)
  uints(runs.len)
  ints(runs.ins, (ins, i) => ins - (i > 0 ? runs.ins[i - 1] : 0))
  uints(runs.del, (del) => (del === never ? 0 : del + 1))
  uints(runs.insBy)
  uints(runs.delBy)
  uints(runs.client, (client) => clientIndex.get(client)!)
  ints(runs.clock, (clock, i) => clock - (i > 0 ? runs.clock[i - 1] + runs.len[i - 1] : 0))
  return encoding.toUint8Array(out)
}

/** Decodes what {@link encodeBundle} wrote; throws a RangeError on anything else. */
export function decodeBundle(bytes: Uint8Array): HistoryBundle {
  const input = decoding.createDecoder(bytes)
  const version = decoding.readVarUint(input)
  if (version !== format) throw new RangeError(`unknown history bundle format ${version}`)
  const column = () => decoding.createDecoder(decoding.readVarUint8Array(input))
  const uints = (count: number, map: (value: number, out: Uint32Array, i: number) => number = (v) => v) => {
    const from = column()
    const values = new Uint32Array(count)
    for (let i = 0; i < count; i++) values[i] = map(decoding.readVarUint(from), values, i)
    return values
  }
  const head = decoding.readVarUint(input)
  const madeAt = decoding.readVarUint(input)
  const { names, made } = JSON.parse(decoding.readVarString(input)) as { names: string[]; made: [number, string, string][] }
  const clientKeys = [...uints(decoding.readVarUint(input))]
  const clientValues = [...uints(clientKeys.length)]
  const away = decoding.readVarUint(input)
  const pointCount = decoding.readVarUint(input)
  const seq = uints(pointCount, (delta, values, i) => delta + (i > 0 ? values[i - 1] : 0))
  const atColumn = column()
  const at: number[] = []
  for (let i = 0; i < pointCount; i++) at.push(decoding.readVarInt(atColumn) + (i > 0 ? at[i - 1] : 0))
  const kind = uints(pointCount)
  const authorCount = uints(pointCount)
  const authors = uints(authorCount.reduce((sum, n) => sum + n, 0))
  let author = 0
  const points: HistoryPoint[] = Array.from(seq, (s, i) => {
    const k = kinds[kind[i]]
    if (k === undefined) throw new RangeError(`unknown history point kind ${kind[i]}`)
    const id = k === 'change' ? changeVersionId(s) : autoVersionId(s)
    return { id, seq: s, at: at[i], label: null, kind: k, authors: [...authors.subarray(author, (author += authorCount[i]))] }
  })
  for (const [i, id, label] of made) Object.assign(points[i], { id, label })
  const count = decoding.readVarUint(input)
  const chars = decoding.readVarString(input)
  const clientIds = [...uints(decoding.readVarUint(input))]
  const len = uints(count)
  const insColumn = column()
  const ins = new Uint32Array(count)
  for (let i = 0; i < count; i++) ins[i] = decoding.readVarInt(insColumn) + (i > 0 ? ins[i - 1] : 0)
  const del = uints(count, (v) => (v === 0 ? never : v - 1))
  const insBy = uints(count)
  const delBy = uints(count)
  const client = uints(count, (index) => clientIds[index])
  const clockColumn = column()
  const clock = new Uint32Array(count)
  for (let i = 0; i < count; i++) clock[i] = decoding.readVarInt(clockColumn) + (i > 0 ? clock[i - 1] + len[i - 1] : 0)
  return {
    head,
    madeAt,
    names,
    points,
    awaySeq: away === 0 ? null : away - 1,
    runs: { count, chars, len, ins, del, insBy, delBy, client, clock },
    clients: new Map(clientKeys.map((key, i) => [key, clientValues[i]])),
  }
}
