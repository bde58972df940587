import * as decoding from 'lib0/decoding'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'
import { CloseCode } from '../closeCodes.ts'
import type { Message } from './message.ts'
import { MessageType, SyncStep } from './messageType.ts'
import { ProtocolError } from './protocolError.ts'

/**
 * Decodes one whole frame into a {@link Message}. Bodies are views into `frame`, not copies.
 * Throws a {@link ProtocolError} naming what was wrong, with the close code its connection gets:
 * `UnknownMessageType` for a type the protocol does not define, `MalformedMessage` for an empty or
 * truncated frame, a sync step 1 whose state vector cannot be read, an unknown sync step or auth
 * kind, or bytes after the message. Never throws anything else, whatever the bytes.
 */
export function decodeMessage(frame: Uint8Array): Message {
  if (frame.length === 0) throw new ProtocolError(CloseCode.MalformedMessage, 'empty frame')
  const decoder = decoding.createDecoder(frame)
  try {
    const message = readMessage(decoder)
    if (decoding.hasContent(decoder)) {
      throw new ProtocolError(CloseCode.MalformedMessage, `${frame.length - decoder.pos} bytes after the end of the message`)
    }
    return message
  } catch (error) {
    throw ProtocolError.from(error)
  }
}

/**
 * Reads one message (type and content) from `decoder`, leaving it after the message. Exposed for
 * protocols that put a prefix before the type; {@link decodeMessage} is what a whole frame wants.
 */
export function readMessage(decoder: decoding.Decoder): Message {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.Sync:
      return readSyncMessage(decoder)
    case MessageType.Awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MessageType.Auth:
      return readAuth(decoder)
    case MessageType.QueryAwareness:
      return { type: 'queryAwareness' }
    case MessageType.DurableAck:
      return { type: 'durableAck', count: decoding.readVarUint(decoder) }
    default:
      throw new ProtocolError(CloseCode.UnknownMessageType, `unknown message type ${type}`)
  }
}

/** Reads a sync message without its message type (the counterpart of `writeSyncMessage`). */
export function readSyncMessage(decoder: decoding.Decoder): Extract<Message, { type: 'syncStep1' | 'syncStep2' | 'syncUpdate' }> {
  const step = decoding.readVarUint(decoder)
  switch (step) {
    case SyncStep.Step1: {
      const stateVector = decoding.readVarUint8Array(decoder)
      // Read it now: a state vector that cannot be read must close its sender, not fail a reply later.
      Y.decodeStateVector(stateVector)
      return { type: 'syncStep1', stateVector }
    }
    case SyncStep.Step2:
      return { type: 'syncStep2', update: decoding.readVarUint8Array(decoder) }
    case SyncStep.Update:
      return { type: 'syncUpdate', update: decoding.readVarUint8Array(decoder) }
    default:
      throw new ProtocolError(CloseCode.MalformedMessage, `unknown sync step ${step}`)
  }
}

function readAuth(decoder: decoding.Decoder): Message {
  const kind = decoding.readVarUint(decoder)
  if (kind !== authProtocol.messagePermissionDenied) throw new ProtocolError(CloseCode.MalformedMessage, `unknown auth message ${kind}`)
  return { type: 'permissionDenied', reason: decoding.readVarString(decoder) }
}

/**
 * What kind of message a frame holds, from its first bytes alone, without decoding or copying its
 * body: for code on a hot path that only counts or routes frames. `null` when the frame is too
 * short to tell or its type is unknown. Agrees with {@link decodeMessage} on every well-formed frame.
 */
export function peekMessageKind(frame: Uint8Array): Message['type'] | null {
  // Message types and sync steps below 128 are single-byte varuints.
  switch (frame[0]) {
    case MessageType.Sync:
      return frame[1] === SyncStep.Step1 ? 'syncStep1' : frame[1] === SyncStep.Step2 ? 'syncStep2' : frame[1] === SyncStep.Update ? 'syncUpdate' : null
    case MessageType.Awareness:
      return 'awareness'
    case MessageType.Auth:
      return frame[1] === authProtocol.messagePermissionDenied ? 'permissionDenied' : null
    case MessageType.QueryAwareness:
      return 'queryAwareness'
    case MessageType.DurableAck:
      return 'durableAck'
    default:
      return null
  }
}
