import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'
import type { Message } from './message.ts'
import { MessageType, SyncStep } from './messageType.ts'

/**
 * Writes `message` as a whole frame body: its message type, then its content, in the byte layout
 * y-protocols and the stock `y-websocket` provider use. Code that frames messages differently
 * (a prefix before the type) writes its prefix and then calls this.
 */
export function writeMessage(encoder: encoding.Encoder, message: Message): void {
  const payload = writeHead(encoder, message)
  if (payload) encoding.writeUint8Array(encoder, payload)
}

/**
 * Writes a sync message without its message type: the sync step, then the state vector or update.
 * Exposed for protocols that carry y-protocols sync messages under a type of their own.
 */
export function writeSyncMessage(encoder: encoding.Encoder, message: SyncMessage): void {
  encoding.writeUint8Array(encoder, writeSyncHead(encoder, message))
}

/**
 * One frame holding `message`. The payload (an update, a state vector, an awareness update) is
 * copied once, straight into a frame of the exact size: for a document of megabytes that is one
 * copy where an encoder makes two, and tens of milliseconds less.
 */
export function encodeMessage(message: Message): Uint8Array {
  const encoder = encoding.createEncoder()
  const payload = writeHead(encoder, message)
  const head = encoding.toUint8Array(encoder)
  if (!payload) return head
  const frame = new Uint8Array(head.length + payload.length)
  frame.set(head)
  frame.set(payload, head.length)
  return frame
}

type SyncMessage = Extract<Message, { type: 'syncStep1' | 'syncStep2' | 'syncUpdate' }>

/**
 * Writes all of `message` but the bytes of its payload, its length included, and returns the
 * payload; null when the message has none.
 */
function writeHead(encoder: encoding.Encoder, message: Message): Uint8Array | null {
  switch (message.type) {
    case 'syncStep1':
    case 'syncStep2':
    case 'syncUpdate':
      encoding.writeVarUint(encoder, MessageType.Sync)
      return writeSyncHead(encoder, message)
    case 'awareness':
      encoding.writeVarUint(encoder, MessageType.Awareness)
      encoding.writeVarUint(encoder, message.update.length)
      return message.update
    case 'queryAwareness':
      encoding.writeVarUint(encoder, MessageType.QueryAwareness)
      return null
    case 'permissionDenied':
      encoding.writeVarUint(encoder, MessageType.Auth)
      authProtocol.writePermissionDenied(encoder, message.reason)
      return null
    case 'durableAck':
      encoding.writeVarUint(encoder, MessageType.DurableAck)
      encoding.writeVarUint(encoder, message.count)
      return null
    default:
      throw new RangeError(`Unknown message ${JSON.stringify(message satisfies never)}`)
  }
}

/** Writes a sync message's step and its payload's length; returns the payload. */
function writeSyncHead(encoder: encoding.Encoder, message: SyncMessage): Uint8Array {
  switch (message.type) {
    case 'syncStep1':
      encoding.writeVarUint(encoder, SyncStep.Step1)
      encoding.writeVarUint(encoder, message.stateVector.length)
      return message.stateVector
    case 'syncStep2':
      encoding.writeVarUint(encoder, SyncStep.Step2)
      encoding.writeVarUint(encoder, message.update.length)
      return message.update
    case 'syncUpdate':
      encoding.writeVarUint(encoder, SyncStep.Update)
      encoding.writeVarUint(encoder, message.update.length)
      return message.update
    default:
      throw new RangeError(`Unknown sync message ${JSON.stringify(message satisfies never)}`)
  }
}

/** The sync step 1 `doc` sends: its state vector. */
export function syncStep1(doc: Y.Doc): Message {
  return { type: 'syncStep1', stateVector: Y.encodeStateVector(doc) }
}

/** The sync step 2 `doc` answers a step 1 carrying `stateVector` with. */
export function syncStep2(doc: Y.Doc, stateVector?: Uint8Array): Message {
  return { type: 'syncStep2', update: Y.encodeStateAsUpdate(doc, stateVector) }
}
