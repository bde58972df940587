import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import * as prng from 'lib0/prng'
import { describe, expect, it, onTestFinished } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CloseCode, encodeMessage, syncStep1, syncStep2 } from '../shared/index.ts'
import { type AccessRelay, startAccessRelay } from './helpers/accessRelay.ts'
import { type TestClient, connectClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { seededRandom } from './helpers/seed.ts'
import { rawSession } from './helpers/viewSocket.ts'
import { waitFor } from './helpers/wait.ts'

async function relayWith(): Promise<AccessRelay> {
  const started = await startAccessRelay()
  onTestFinished(() => started.relay.close())
  return started
}

function client(relay: AccessRelay, room: string, name: string, token: string): TestClient {
  return connectForTest(relay.relay.url, room, name, { token })
}

/** The stored rows of `doc`, as they are in the SQLite file. */
function storedRows(dataDir: string, doc: string): { snapshot: Buffer | undefined; log: Buffer[] } {
  const db = new Database(path.join(dataDir, 'mergepad.sqlite'), { readonly: true })
  try {
    return {
      snapshot: db.prepare<[string], Buffer>('SELECT data FROM snapshots WHERE doc = ?').pluck().get(doc),
      log: db.prepare<[string], Buffer>('SELECT data FROM log WHERE doc = ? ORDER BY seq').pluck().all(doc),
    }
  } finally {
    db.close()
  }
}

/** Writes `text` into `doc` as its owner, then waits until the room has unloaded (stored and compacted). */
async function seed(relay: AccessRelay, doc: string, text: string): Promise<Y.Doc> {
  const owner = connectClient(relay.relay.url, doc, 'owner', { token: await relay.token(doc, 'owner') })
  await owner.synced()
  owner.type(text)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(owner.doc))
  const watcher = connectClient(relay.relay.url, doc, 'check', { token: await relay.token(doc, 'view') })
  await waitFor(() => watcher.text.toString() === text, 'the seeded text to be stored and relayed')
  owner.destroy()
  watcher.destroy()
  await waitFor(() => !relay.relay.registry.has(doc), 'the room to unload')
  return copy
}

/** Frames a view peer holding a replica `doc` could send that would change the document. */
function writingFrames(doc: Y.Doc): Record<string, Uint8Array> {
  const fork = new Y.Doc()
  Y.applyUpdate(fork, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(fork)
  const updates: Uint8Array[] = []
  fork.on('update', (u: Uint8Array) => updates.push(u))
  fork.getText('codemirror').insert(0, 'INSERTED ')
  fork.getText('codemirror').delete(10, 5)
  return {
    'sync update (insert)': encodeMessage({ type: 'syncUpdate', update: updates[0] }),
    'sync update (delete)': encodeMessage({ type: 'syncUpdate', update: updates[1] }),
    'sync step 2': encodeMessage(syncStep2(fork, before)),
  }
}

describe('view links', () => {
  it('refuse every writing sync message with permission denied; nothing is applied, stored or relayed', async () => {
    const relay = await relayWith()
    const replica = await seed(relay, 'locked', 'The quick brown fox')
    const before = storedRows(relay.dataDir, 'locked')
    const editor = client(relay, 'locked', 'editor', await relay.token('locked', 'edit'))
    await editor.synced()
    const editorState = Y.encodeStateVector(editor.doc)
    const viewUrl = `${relay.relay.url}/locked?token=${await relay.token('locked', 'view')}`

    for (const [kind, frame] of Object.entries(writingFrames(replica))) {
      const session = await rawSession(viewUrl, [frame])
      expect({ kind, code: session.code, denied: session.denied.length }).toEqual({ kind, code: 1000, denied: 1 })
    }
    // The stock provider, told it may not write, keeps its edit to itself.
    const viewer = client(relay, 'locked', 'viewer', await relay.token('locked', 'view'))
    await viewer.synced()
    viewer.type(' jumps')
    const probe = await rawSession(viewUrl, [])
    expect(probe.code).toBe(1000)

    expect(Y.encodeStateVector(editor.doc)).toEqual(editorState)
    expect(editor.text.toString()).toBe('The quick brown fox')
    editor.destroy()
    viewer.destroy()
    await waitFor(() => !relay.relay.registry.has('locked'), 'the room to unload')
    expect(storedRows(relay.dataDir, 'locked')).toEqual(before)
  })

  it("show the link's label as the holder's name, whatever name the viewer claims", async () => {
    const relay = await relayWith()
    const editor = client(relay, 'names', 'editor', await relay.token('names', 'edit'))
    const viewer = client(relay, 'names', 'Ada (owner)', await relay.token('names', 'view', { label: 'Ben' }))
    const anonymous = client(relay, 'names', 'The Boss', await relay.token('names', 'view'))
    await Promise.all([editor.synced(), viewer.synced(), anonymous.synced()])
    const nameOf = (c: TestClient) => editor.provider.awareness.getStates().get(c.doc.clientID)?.user?.name
    await waitFor(() => nameOf(viewer) !== undefined && nameOf(anonymous) !== undefined, 'both viewers in the editor’s presence')
    viewer.provider.awareness.setLocalStateField('user', { name: 'Still Ada' })
    await waitFor(() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.user?.name === 'Ben', 'the renamed state')
    expect(nameOf(viewer)).toBe('Ben')
    expect(nameOf(anonymous)).toBe('Viewer')
    // The editor's own name is its own.
    await waitFor(() => viewer.provider.awareness.getStates().get(editor.doc.clientID)?.user?.name === 'editor', 'the editor in the viewer’s presence')
  })
})

/**
 * A mutation of the view token, and whether it must be refused. A changed character may leave the
 * signed bytes as they were (base64url's last character carries spare bits), so such a token may
 * still be admitted, as the same view link; every other mutation must be refused.
 */
function hostileToken(gen: prng.PRNG, view: string, otherDoc: string): { token: string; mustRefuse: boolean } {
  const [header, payload, signature] = view.split('.')
  switch (prng.int32(gen, 0, 6)) {
    case 0: {
      const i = prng.int32(gen, 0, view.length - 1)
      return { token: view.slice(0, i) + prng.oneOf(gen, [...'AbZ09-_.']) + view.slice(i + 1), mustRefuse: false }
    }
    case 1:
      return { token: view.slice(0, prng.int32(gen, 0, view.length - 2)), mustRefuse: true }
    case 2: {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
      return { token: `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'edit' })).toString('base64url')}.${signature}`, mustRefuse: true }
    }
    case 3:
      return { token: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, mustRefuse: true }
    case 4:
      return { token: otherDoc, mustRefuse: true }
    case 5:
      return { token: prng.word(gen, 0, 5000), mustRefuse: true }
    default:
      return { token: Buffer.from(prng.uint8Array(gen, prng.int32(gen, 1, 300))).toString('latin1'), mustRefuse: true }
  }
}

/**
 * A hostile frame from a view peer: half are edits that would change the document (inserts and
 * deletions of its text), the rest valid frames of other kinds, auth messages, flipped or cut
 * frames, and random bytes.
 */
function hostileFrame(gen: prng.PRNG, replica: Y.Doc, valid: Uint8Array[]): Uint8Array {
  const kind = prng.int32(gen, 0, 9)
  if (kind <= 4) {
    const fork = new Y.Doc()
    Y.applyUpdate(fork, Y.encodeStateAsUpdate(replica))
    let update: Uint8Array = new Uint8Array()
    fork.on('update', (u: Uint8Array) => (update = u))
    const text = fork.getText('codemirror')
    if (prng.bool(gen)) text.delete(prng.int32(gen, 0, text.length - 1), 1)
    else text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 8))
    return encodeMessage(prng.bool(gen) ? { type: 'syncUpdate', update } : syncStep2(fork, new Uint8Array([0])))
  }
  switch (kind) {
    case 5:
      return prng.oneOf(gen, valid)
    case 6:
      return encodeMessage({ type: 'permissionDenied', reason: 'abc' })
    case 7: {
      const frame = Uint8Array.from(prng.oneOf(gen, valid))
      for (let flips = prng.int32(gen, 1, 3); flips > 0; flips--) frame[prng.int32(gen, 0, frame.length - 1)] = prng.uint32(gen, 0, 255)
      return frame
    }
    case 8: {
      const frame = prng.oneOf(gen, valid)
      return frame.subarray(0, prng.int32(gen, 1, frame.length))
    }
    default:
      return prng.uint8Array(gen, prng.int32(gen, 0, 48))
  }
}

describe('view fuzz', () => {
  it('10,000 hostile frames and tokens from view connections leave the stored document byte-identical', async () => {
    const { gen } = seededRandom('view fuzz')
    const relay = await relayWith()
    const replica = await seed(relay, 'vault', 'Nothing a viewer sends may change this.')
    const before = storedRows(relay.dataDir, 'vault')
    const view = await relay.token('vault', 'view')
    const otherDoc = await relay.token('elsewhere', 'edit')
    const watcher = client(relay, 'vault', 'watcher', await relay.token('vault', 'view'))
    await watcher.synced()
    const watched = Y.encodeStateVector(watcher.doc)

    const awareness = new awarenessProtocol.Awareness(replica)
    awareness.setLocalState({ user: { name: 'spoof' } })
    const valid = [
      ...Object.values(writingFrames(replica)),
      encodeMessage(syncStep1(replica)),
      encodeMessage({ type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, [replica.clientID]) }),
      encodeMessage({ type: 'queryAwareness' }),
    ]
    awareness.destroy()

    let frames = 0
    let denied = 0
    const codes = new Map<number, number>()
    while (frames < 10_000) {
      const batch = Array.from({ length: 10 }, () => {
        const { token, mustRefuse } = prng.int32(gen, 0, 9) === 0 ? hostileToken(gen, view, otherDoc) : { token: view, mustRefuse: false }
        const sent = Array.from({ length: prng.int32(gen, 1, 40) }, () => hostileFrame(gen, replica, valid))
        return rawSession(`${relay.relay.url}/vault?token=${encodeURIComponent(token)}`, sent).then((s) => ({ ...s, mustRefuse, count: s.sent ? sent.length : 0 }))
      })
      for (const session of await Promise.all(batch)) {
        codes.set(session.code, (codes.get(session.code) ?? 0) + 1)
        frames += session.count
        denied += session.denied.length
        if (session.mustRefuse) expect([CloseCode.Unauthorized, CloseCode.Forbidden]).toContain(session.code)
        expect([1000, CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.MalformedMessage, CloseCode.InvalidUpdate, CloseCode.UnknownMessageType, 1006]).toContain(session.code)
      }
    }
    console.log(`view fuzz: ${frames} frames, ${denied} permission denied, close codes ${JSON.stringify(Object.fromEntries(codes))}`)
    expect(denied).toBeGreaterThan(100)
    expect(codes.get(CloseCode.Unauthorized) ?? 0).toBeGreaterThan(0)

    expect(Y.encodeStateVector(watcher.doc)).toEqual(watched)
    expect(watcher.text.toString()).toBe('Nothing a viewer sends may change this.')
    watcher.destroy()
    await waitFor(() => !relay.relay.registry.has('vault'), 'the room to unload')
    expect(storedRows(relay.dataDir, 'vault')).toEqual(before)
    expect(fs.existsSync(relay.dataDir)).toBe(true)
  })
})
