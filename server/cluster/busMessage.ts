import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * What relay processes of one cluster tell each other over the bus (see `PubSub`), as one tagged
 * union; every message names the node that sent it. On a document's channel: `update`, `head`,
 * `awareness`, `awarenessQuery`, `deleted`, `revoked`; on the nodes channel: `heartbeat`,
 * `leaving`, `removed`.
 */
export type BusMessage =
  /** The entry numbered `seq` of the channel's document is committed; here it is. */
  | { kind: 'update'; node: string; seq: number; update: Uint8Array }
  /** The document has reached entry `seq` (read it from the store: too large to send, or a publish failed). */
  | { kind: 'head'; node: string; seq: number }
  /** A y-protocols awareness update: presence changes of the sender's own peers. */
  | { kind: 'awareness'; node: string; update: Uint8Array }
  /** "Send me your peers' presence in this document" (a node that just opened it, or reconnected). */
  | { kind: 'awarenessQuery'; node: string }
  /** The document was deleted: close its connections. */
  | { kind: 'deleted'; node: string }
  /** The sender is alive; sent every few seconds. */
  | { kind: 'heartbeat'; node: string }
  /** The sender is shutting down: forget its peers' presence now. */
  | { kind: 'leaving'; node: string }
  /** Document `doc` was deleted: forget what was read of it, even by relays that have not loaded it. */
  | { kind: 'removed'; node: string; doc: string }
  /** Share links `ids` of the channel's document were revoked: close the connections opened with them. */
  | { kind: 'revoked'; node: string; ids: string[] }

/** A bus message's kind. */
export type BusMessageKind = BusMessage['kind']

/** The channel of every node's heartbeats and departures. */
export const nodesChannel = 'mergepad:nodes'

/** The channel of document `name`. */
export function docChannel(name: string): string {
  return `mergepad:doc:${name}`
}

/** Format version, first byte of every message: a node skips messages of a format it does not know. */
const version = 1
const kinds: readonly BusMessageKind[] = ['update', 'head', 'awareness', 'awarenessQuery', 'deleted', 'heartbeat', 'leaving', 'removed', 'revoked']

/** Encodes `message` as bytes: version, kind, node, then the kind's fields. */
export function encodeBusMessage(message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeUint8(encoder, version)
  encoding.writeVarUint(encoder, kinds.indexOf(message.kind))
  encoding.writeVarString(encoder, message.node)
  switch (message.kind) {
    case 'update':
      encoding.writeVarUint(encoder, message.seq)
      encoding.writeVarUint8Array(encoder, message.update)
      break
    case 'head':
      encoding.writeVarUint(encoder, message.seq)
      break
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update)
      break
    case 'removed':
      encoding.writeVarString(encoder, message.doc)
      break
    case 'revoked':
      encoding.writeVarUint(encoder, message.ids.length)
      for (const id of message.ids) encoding.writeVarString(encoder, id)
      break
    case 'awarenessQuery':
    case 'deleted':
    case 'heartbeat':
    case 'leaving':
      break
    default:
      throw new RangeError(`Unknown bus message ${JSON.stringify(message satisfies never)}`)
  }
  return encoding.toUint8Array(encoder)
}

/** Decodes what {@link encodeBusMessage} wrote; throws on another version, an unknown kind, or bad bytes. */
export function decodeBusMessage(bytes: Uint8Array): BusMessage {
  const decoder = decoding.createDecoder(bytes)
  const found = decoding.readUint8(decoder)
  if (found !== version) throw new RangeError(`bus message of format ${found}, this relay reads ${version}`)
  const kind = kinds[decoding.readVarUint(decoder)]
  const node = decoding.readVarString(decoder)
  let message: BusMessage
  switch (kind) {
    case 'update':
      message = { kind, node, seq: decoding.readVarUint(decoder), update: decoding.readVarUint8Array(decoder) }
      break
    case 'head':
      message = { kind, node, seq: decoding.readVarUint(decoder) }
      break
    case 'awareness':
      message = { kind, node, update: decoding.readVarUint8Array(decoder) }
      break
    case 'removed':
      message = { kind, node, doc: decoding.readVarString(decoder) }
      break
    case 'revoked':
      message = { kind, node, ids: Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarString(decoder)) }
      break
    case 'awarenessQuery':
    case 'deleted':
    case 'heartbeat':
    case 'leaving':
      message = { kind, node }
      break
    default:
      throw new RangeError(`unknown bus message kind in ${bytes.length} bytes`)
  }
  if (decoding.hasContent(decoder)) throw new RangeError(`bus message ${kind} has ${bytes.length - decoder.pos} bytes too many`)
  return message
}
