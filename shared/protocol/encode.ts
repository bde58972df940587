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
  switch (message.type) {
    case 'syncStep1':
    case 'syncStep2':
    case 'syncUpdate':
      encoding.writeVarUint(encoder, MessageType.Sync)
      writeSyncMessage(encoder, message)
      return
    case 'awareness':
      encoding.writeVarUint(encoder, MessageType.Awareness)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    case 'queryAwareness':
      encoding.writeVarUint(encoder, MessageType.QueryAwareness)
      return
    case 'permissionDenied':
      encoding.writeVarUint(encoder, MessageType.Auth)
      authProtocol.writePermissionDenied(encoder, message.reason)
      return
    case 'durableAck':
      encoding.writeVarUint(encoder, MessageType.DurableAck)
      encoding.writeVarUint(encoder, message.count)
      return
    default:
      throw new RangeError(`Unknown message ${JSON.stringify(message satisfies never)}`)
  }
}

/**
 * Writes a sync message without its message type: the sync step, then the state vector or update.
 * Exposed for protocols that carry y-protocols sync messages under a type of their own.
 */
export function writeSyncMessage(encoder: encoding.Encoder, message: Extract<Message, { type: 'syncStep1' | 'syncStep2' | 'syncUpdate' }>): void {
  switch (message.type) {
    case 'syncStep1':
      encoding.writeVarUint(encoder, SyncStep.Step1)
      encoding.writeVarUint8Array(encoder, message.stateVector)
      return
    case 'syncStep2':
      encoding.writeVarUint(encoder, SyncStep.Step2)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    case 'syncUpdate':
      encoding.writeVarUint(encoder, SyncStep.Update)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    default:
      throw new RangeError(`Unknown sync message ${JSON.stringify(message satisfies never)}`)
  }
}

/** One frame holding `message`. */
export function encodeMessage(message: Message): Uint8Array {
  const encoder = encoding.createEncoder()
  writeMessage(encoder, message)
  return encoding.toUint8Array(encoder)
}

/** The sync step 1 `doc` sends: its state vector. */
export function syncStep1(doc: Y.Doc): Message {
  return { type: 'syncStep1', stateVector: Y.encodeStateVector(doc) }
}

/** The sync step 2 `doc` answers a step 1 carrying `stateVector` with. */
export function syncStep2(doc: Y.Doc, stateVector?: Uint8Array): Message {
  return { type: 'syncStep2', update: Y.encodeStateAsUpdate(doc, stateVector) }
}
