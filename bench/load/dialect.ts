import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { type Message, MessageType, encodeMessage, readMessage, readSyncMessage, writeMessage, writeSyncMessage } from '../../shared/index.ts'

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
  /** An awareness update (a tab's presence). */
  awareness(doc: string, update: Uint8Array): Uint8Array
  /** Reads one frame from the server. */
  read(data: Uint8Array): Incoming
}

/** Hocuspocus's own message type for a sync step 2 sent in reply to a step 1 (its protocol, not ours). */
const hocuspocusSyncReply = 4
/** Hocuspocus's kind of auth message that carries a token (its protocol, not ours). */
const hocuspocusAuthToken = 0

/** What a load client makes of a decoded message: sync messages matter, the rest does not. */
function incoming(message: Message): Incoming {
  switch (message.type) {
    case 'syncStep1':
      return { kind: 'step1', stateVector: message.stateVector }
    case 'syncStep2':
      return { kind: 'step2', update: message.update }
    case 'syncUpdate':
      return { kind: 'update', update: message.update }
    default:
      return { kind: 'other' }
  }
}

/** Reads a message, or `other` for one this protocol module does not know (Hocuspocus's own kinds). */
function readLeniently(decoder: decoding.Decoder): Incoming {
  try {
    return incoming(readMessage(decoder))
  } catch {
    return { kind: 'other' }
  }
}

/** A frame of Hocuspocus: the document name, then one message. */
function prefixed(doc: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarString(encoder, doc)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** The stock y-websocket protocol, spoken by our relay and by the reference server. */
export const yWebsocketDialect: Dialect = {
  url: (base, doc) => `${base}/${encodeURIComponent(doc)}`,
  hello: () => [],
  step1: (_doc, stateVector) => encodeMessage({ type: 'syncStep1', stateVector }),
  step2: (_doc, update) => encodeMessage({ type: 'syncStep2', update }),
  update: (_doc, update) => encodeMessage({ type: 'syncUpdate', update }),
  awareness: (_doc, update) => encodeMessage({ type: 'awareness', update }),
  read: (data) => readLeniently(decoding.createDecoder(data)),
}

/** Hocuspocus's framing: every message starts with the document name; auth comes first. */
export const hocuspocusDialect: Dialect = {
  url: (base, doc) => `${base}/${encodeURIComponent(doc)}`,
  hello(doc) {
    // Hocuspocus's auth message: the y-protocols auth type, its "token" kind, an empty token.
    return [
      prefixed(doc, (encoder) => {
        encoding.writeVarUint(encoder, MessageType.Auth)
        encoding.writeVarUint(encoder, hocuspocusAuthToken)
        encoding.writeVarString(encoder, '')
      }),
    ]
  },
  step1: (doc, stateVector) => prefixed(doc, (encoder) => writeMessage(encoder, { type: 'syncStep1', stateVector })),
  step2: (doc, update) =>
    prefixed(doc, (encoder) => {
      encoding.writeVarUint(encoder, hocuspocusSyncReply)
      writeSyncMessage(encoder, { type: 'syncStep2', update })
    }),
  update: (doc, update) => prefixed(doc, (encoder) => writeMessage(encoder, { type: 'syncUpdate', update })),
  awareness: (doc, update) => prefixed(doc, (encoder) => writeMessage(encoder, { type: 'awareness', update })),
  read(data) {
    const decoder = decoding.createDecoder(data)
    decoding.readVarString(decoder)
    if (data[decoder.pos] === hocuspocusSyncReply) {
      decoding.readVarUint(decoder)
      return incoming(readSyncMessage(decoder))
    }
    return readLeniently(decoder)
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
