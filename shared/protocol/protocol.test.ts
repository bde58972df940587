import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CloseCode } from '../closeCodes.ts'
import { type Message, ProtocolError, decodeMessage, encodeMessage, peekMessageKind, syncStep1, syncStep2 } from './index.ts'
import { MessageType } from './messageType.ts'

/** A frame written the way the stock provider writes it, with y-protocols. */
function stock(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

describe('the protocol module', () => {
  const doc = docWith('hello')
  const update = Y.encodeStateAsUpdate(doc)
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: 'Ada' } })
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
  // A step 2 of 3 MB: its length takes four bytes, and an encoder would grow its buffer for it.
  const large = docWith('x'.repeat(3 * 1024 * 1024))

  const cases: Array<[Message, Uint8Array]> = [
    [syncStep1(doc), stock(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, doc))],
    [syncStep2(doc, new Uint8Array([0])), stock(MessageType.Sync, (e) => syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0])))],
    [{ type: 'syncUpdate', update }, stock(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update))],
    [syncStep2(large), stock(MessageType.Sync, (e) => syncProtocol.writeSyncStep2(e, large))],
    [{ type: 'awareness', update: awarenessUpdate }, stock(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, awarenessUpdate))],
    [{ type: 'queryAwareness' }, Uint8Array.of(MessageType.QueryAwareness)],
    [{ type: 'permissionDenied', reason: 'read only' }, stock(MessageType.Auth, (e) => authProtocol.writePermissionDenied(e, 'read only'))],
    [{ type: 'durableAck', count: 300 }, stock(MessageType.DurableAck, (e) => encoding.writeVarUint(e, 300))],
  ]

  for (const [message, frame] of cases) {
    it(`encodes ${message.type} of ${frame.length} bytes byte for byte as y-protocols does, and decodes it back`, () => {
      expect(encodeMessage(message)).toEqual(frame)
      expect(decodeMessage(frame)).toEqual(message)
      expect(peekMessageKind(frame)).toBe(message.type)
    })
  }

  const broken: Array<[string, Uint8Array, number]> = [
    ['an empty frame', new Uint8Array(), CloseCode.MalformedMessage],
    ['an unknown message type', Uint8Array.of(42), CloseCode.UnknownMessageType],
    ['a truncated body', Uint8Array.of(MessageType.Sync, 2, 50, 1, 2), CloseCode.MalformedMessage],
    ['an unknown sync step', Uint8Array.of(MessageType.Sync, 9, 0), CloseCode.MalformedMessage],
    ['a state vector that cannot be read', Uint8Array.of(MessageType.Sync, 0, 2, 5, 1), CloseCode.MalformedMessage],
    ['an unknown auth message', Uint8Array.of(MessageType.Auth, 5), CloseCode.MalformedMessage],
    ['bytes after the message', Uint8Array.of(MessageType.Sync, 0, 1, 0, 7, 7), CloseCode.MalformedMessage],
  ]

  for (const [what, frame, code] of broken) {
    it(`refuses ${what} with close code ${code}`, () => {
      const error = (() => {
        try {
          decodeMessage(frame)
        } catch (thrown) {
          return thrown
        }
      })()
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).code).toBe(code)
      expect((error as ProtocolError).message.length).toBeGreaterThan(0)
    })
  }

  it('throws only ProtocolErrors on random bytes', () => {
    let seed = 1
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    for (let i = 0; i < 2000; i++) {
      const frame = Uint8Array.from({ length: Math.floor(random() * 12) }, () => Math.floor(random() * 256))
      try {
        decodeMessage(frame)
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError)
      }
    }
  })
})
