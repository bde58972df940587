import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The servers under test; each speaks one of two wire dialects. `floor` is no real server but a
 * byte forwarder that shows what the load process and the kernel cost alone (`bench/servers/floorMain.ts`).
 */
export type ServerKind = 'ours' | 'reference' | 'hocuspocus' | 'floor'

/** Every server kind, in the order runs start with. */
export const serverKinds: readonly ServerKind[] = ['ours', 'reference', 'hocuspocus', 'floor']

/** The servers measured when none are named: ours and the two it is compared with. */
export const defaultServerKinds: readonly ServerKind[] = ['ours', 'reference', 'hocuspocus']

/** What a load client makes of one frame from the server. */
export type Incoming =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'other' }

/**
 * How sync messages are framed for one kind of server. y-websocket (ours and the reference):
 * `[type, step, body]` on a socket per document. Hocuspocus: the same prefixed with the document
 * name, after an auth message, answering a server's step 1 with a "sync reply" (type 4).
 */
export interface Dialect {
  /** WebSocket URL of `doc` on the server at `ws://host:port`. */
  url(base: string, doc: string): string
  /** Frames a client sends once open, before its sync step 1. */
  hello(doc: string): Uint8Array[]
  /** A sync step 1 carrying `stateVector`. */
  step1(doc: string, stateVector: Uint8Array): Uint8Array
  /** A sync step 2 answering the server's step 1. */
  step2(doc: string, update: Uint8Array): Uint8Array
  /** A document update (one keystroke). */
  update(doc: string, update: Uint8Array): Uint8Array
  /** Reads one frame from the server. */
  read(data: Uint8Array): Incoming
}

const Sync = 0
const Auth = 2
const SyncReply = 4

function readSync(decoder: decoding.Decoder): Incoming {
  const step = decoding.readVarUint(decoder)
  const body = decoding.readVarUint8Array(decoder)
  switch (step) {
    case 0:
      return { kind: 'step1', stateVector: body }
    case 1:
      return { kind: 'step2', update: body }
    case 2:
      return { kind: 'update', update: body }
    default:
      return { kind: 'other' }
  }
}

function syncFrame(prefix: string | null, type: number, step: number, body: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  if (prefix !== null) encoding.writeVarString(encoder, prefix)
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, body)
  return encoding.toUint8Array(encoder)
}

/** The stock y-websocket protocol, spoken by our relay and by the reference server. */
export const yWebsocketDialect: Dialect = {
  url: (base, doc) => `${base}/${encodeURIComponent(doc)}`,
  hello: () => [],
  step1: (_doc, stateVector) => syncFrame(null, Sync, 0, stateVector),
  step2: (_doc, update) => syncFrame(null, Sync, 1, update),
  update: (_doc, update) => syncFrame(null, Sync, 2, update),
  read(data) {
    const decoder = decoding.createDecoder(data)
    return decoding.readVarUint(decoder) === Sync ? readSync(decoder) : { kind: 'other' }
  },
}

/** Hocuspocus's framing: every message starts with the document name; auth comes first. */
export const hocuspocusDialect: Dialect = {
  url: (base, doc) => `${base}/${encodeURIComponent(doc)}`,
  hello(doc) {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, doc)
    encoding.writeVarUint(encoder, Auth)
    encoding.writeVarUint(encoder, 0) // token
    encoding.writeVarString(encoder, '')
    return [encoding.toUint8Array(encoder)]
  },
  step1: (doc, stateVector) => syncFrame(doc, Sync, 0, stateVector),
  step2: (doc, update) => syncFrame(doc, SyncReply, 1, update),
  update: (doc, update) => syncFrame(doc, Sync, 2, update),
  read(data) {
    const decoder = decoding.createDecoder(data)
    decoding.readVarString(decoder)
    const type = decoding.readVarUint(decoder)
    return type === Sync || type === SyncReply ? readSync(decoder) : { kind: 'other' }
  },
}

/** The dialect `kind` speaks. */
export function dialectOf(kind: ServerKind): Dialect {
  switch (kind) {
    case 'ours':
    case 'reference':
    case 'floor':
      return yWebsocketDialect
    case 'hocuspocus':
      return hocuspocusDialect
    default:
      throw new RangeError(`Unknown server kind ${String(kind satisfies never)}`)
  }
}
