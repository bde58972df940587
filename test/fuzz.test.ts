import * as prng from 'lib0/prng'
import { afterAll, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeMessage, syncStep1 } from '../shared/index.ts'
import { connectClient } from './helpers/client.ts'
import { sendAndAwaitClose } from './helpers/rawSocket.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { seededRandom } from './helpers/seed.ts'
import { waitFor } from './helpers/wait.ts'

const connections = 150
const framesPerConnection = 8

/** Valid frames a client could send, from a replica of the fuzzer's own. */
function validFrames(gen: prng.PRNG): Uint8Array[] {
  const doc = new Y.Doc()
  const text = doc.getText('codemirror')
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeMessage({ type: 'syncUpdate', update })))
  for (let i = 0; i < 5; i++) text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 20))
  text.delete(0, 2)
  frames.push(encodeMessage(syncStep1(doc)))
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: prng.word(gen) } })
  frames.push(encodeMessage({ type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]) }))
  awareness.destroy()
  return frames
}

/** A hostile frame: random bytes, or a valid frame flipped, cut, grown or retyped. */
function hostileFrame(gen: prng.PRNG, valid: Uint8Array[]): Uint8Array {
  const kind = prng.int32(gen, 0, 4)
  if (kind === 0) return prng.uint8Array(gen, prng.int32(gen, 0, 64))
  const frame = Uint8Array.from(prng.oneOf(gen, valid))
  switch (kind) {
    case 1:
      for (let flips = prng.int32(gen, 1, 4); flips > 0; flips--) frame[prng.int32(gen, 0, frame.length - 1)] = prng.uint32(gen, 0, 255)
      return frame
    case 2:
      return frame.subarray(0, prng.int32(gen, 0, frame.length - 1))
    case 3:
      return Uint8Array.from([...frame, ...prng.uint8Array(gen, prng.int32(gen, 1, 16))])
    default:
      frame[0] = prng.int32(gen, 0, 120)
      return frame
  }
}

/** How many changes `doc` has seen from the client with id `clientID`. */
const clockOf = (doc: Y.Doc, clientID: number) => Y.getState(doc.store, clientID)

let relay: RelayProcess | undefined
afterAll(() => relay?.kill())

/**
 * Sends 150 connections of hostile frames while two honest peers type, then checks that the relay
 * is up, that every honest change reached the other peer, and that a restart serves what they
 * agreed on. A mutated frame can still be a valid update; the relay takes it as anyone's edit, so
 * delivery is checked by each peer's clock, not by counting characters.
 */
async function fuzzRelay(fixedSeed?: number): Promise<void> {
  const { gen } = seededRandom('frame fuzzing', fixedSeed)
  relay = await startRelayProcess()
  const alice = connectClient(relay.url, 'fuzz', 'alice')
  const bob = connectClient(relay.url, 'fuzz', 'bob')
  await Promise.all([alice.synced(), bob.synced()])
  let typed = 0
  const typing = setInterval(() => (typed++ % 2 ? alice : bob).type('.'), 5)

  const valid = validFrames(gen)
  const closes = new Map<number, number>()
  for (let batch = 0; batch < connections; batch += 10) {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => {
        const frames = Array.from({ length: framesPerConnection }, () => hostileFrame(gen, valid))
        return Promise.race([
          sendAndAwaitClose(`${relay!.url}/fuzz`, ...frames),
          new Promise<{ code: number }>((resolve) => setTimeout(() => resolve({ code: 0 }), 1000)),
        ])
      }),
    )
    for (const { code } of results) closes.set(code, (closes.get(code) ?? 0) + 1)
  }
  console.log(`frame fuzzing: ${connections} connections, close codes ${JSON.stringify(Object.fromEntries(closes))}`)

  clearInterval(typing)
  const aliceTyped = Math.floor(typed / 2)
  expect(clockOf(alice.doc, alice.doc.clientID) + clockOf(bob.doc, bob.doc.clientID)).toBe(typed)
  await waitFor(
    () =>
      clockOf(bob.doc, alice.doc.clientID) === aliceTyped &&
      clockOf(alice.doc, bob.doc.clientID) === typed - aliceTyped &&
      alice.text.toString() === bob.text.toString(),
    'honest peers to converge',
  )
  expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200)
  expect([...closes.keys()].some((code) => code >= 4400)).toBe(true)
  const agreed = alice.text.toString()
  alice.destroy()
  bob.destroy()

  expect(await relay.stop()).toBe(0)
  await relay.restart()
  const fresh = connectClient(relay.url, 'fuzz', 'fresh')
  await fresh.synced()
  expect(fresh.text.toString()).toBe(agreed)
  fresh.destroy()
  await relay.kill()
}

describe('frame fuzzing', () => {
  it('random and mutated frames never crash the relay; honest peers keep syncing', () => fuzzRelay())

  it('seed 597237170: a mutated update that the relay accepts types a "." of its own', () => fuzzRelay(597237170))

  it('seed 1378437124: what the relay took of an update Yjs failed halfway through reaches the peers, not only the store', () => fuzzRelay(1378437124))
})
