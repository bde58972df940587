import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it, onTestFinished } from 'vitest'
import * as Y from 'yjs'
import { longHistoryChanges } from '../server/history/plainBundle.ts'
import { type Relay, startRelay } from '../server/relay.ts'
import { decodeBundle } from '../shared/history/historyBundle.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { startAccessRelay } from './helpers/accessRelay.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { waitFor } from './helpers/wait.ts'

/** A relay in this process on a SQLite store in `dataDir`, open mode, compacting every `compactAfterUpdates` entries. */
async function relayOn(dataDir: string, compactAfterUpdates = 1000): Promise<{ relay: Relay; http: string }> {
  const relay = await startRelay({ host: '127.0.0.1', port: 0, store: await SqliteStore.open(dataDir), compactAfterUpdates })
  onTestFinished(() => relay.close())
  return { relay, http: relay.url.replace('ws:', 'http:') }
}

function client(relay: Relay, doc: string, name: string): TestClient {
  return connectForTest(relay.url, doc, name)
}

async function call(http: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(http + route, { method, body: body === undefined ? undefined : JSON.stringify(body) })
  const type = response.headers.get('content-type') ?? ''
  return { status: response.status, body: type.startsWith('application/json') ? await response.json() : await response.text() }
}

/** Polls `check` until it resolves true, failing after 10 s naming `what`. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The first 2,000 edits of the automerge-paper trace (see `test/fixtures/traces/README.md`). */
const paperStart = JSON.parse(zlib.gunzipSync(fs.readFileSync(new URL('./fixtures/traces/automerge-paper-start.json.gz', import.meta.url))).toString()) as {
  keystrokes: [pos: number, deleteCount: number, insert: string][]
  endContent: string
}

/** The trace's text after its first `count` edits, replayed on a plain string. */
function traceTextAfter(count: number): string {
  let text = ''
  for (const [pos, deleteCount, insert] of paperStart.keystrokes.slice(0, count)) text = text.slice(0, pos) + insert + text.slice(pos + deleteCount)
  return text
}

describe('named versions through the HTTP API', () => {
  it('give the text at every point of a real trace typed keystroke by keystroke, also after a restart and after compaction', async () => {
    const strokes = paperStart.keystrokes
    const every = 100
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-versions-'))
    // Compacting every 97 entries rolls change records into chunks while the typing goes on.
    let { relay, http } = await relayOn(dataDir, 97)
    const writer = client(relay, 'paper', 'Ada')
    const watcher = client(relay, 'paper', 'watcher')
    await Promise.all([writer.synced(), watcher.synced()])

    const made: { id: string; label: string; text: string }[] = []
    for (let i = 0; i < strokes.length; i++) {
      const [pos, deleteCount, insert] = strokes[i]
      writer.doc.transact(() => {
        if (deleteCount > 0) writer.text.delete(pos, deleteCount)
        if (insert) writer.text.insert(pos, insert)
      })
      // Each keystroke goes out in a frame of its own, as from a person typing.
      await new Promise((resolve) => setImmediate(resolve))
      if ((i + 1) % every !== 0) continue
      const text = writer.text.toString()
      expect(text).toBe(traceTextAfter(i + 1))
      // The relay relays an update only once it is stored: the watcher seeing it means it is stored.
      await waitFor(() => watcher.text.toString() === text, `the relay to store keystroke ${i + 1}`)
      const label = `after ${i + 1} keystrokes`
      const created = await call(http, 'POST', '/api/docs/paper/versions', { label })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^\d+$/), label, at: expect.any(String) })
      made.push({ id: created.body.id, label, text })
    }
    expect(made).toHaveLength(strokes.length / every)
    expect(made.at(-1)!.text).toBe(paperStart.endContent)

    const check = async (when: string) => {
      const listed = await call(http, 'GET', '/api/docs/paper/versions')
      expect(listed.status).toBe(200)
      const named = listed.body.versions.filter((v: { kind: string }) => v.kind === 'named')
      expect(named.map((v: { id: string; label: string }) => [v.id, v.label]), when).toEqual(made.map((v) => [v.id, v.label]))
      expect(named[0].authors, when).toEqual(['Ada'])
      for (const version of made) {
        const text = await call(http, 'GET', `/api/docs/paper/versions/${version.id}/text`)
        expect(text.status).toBe(200)
        expect(text.body, `${version.label}, ${when}`).toBe(version.text)
      }
    }
    await check('while the relay runs')

    writer.destroy()
    watcher.destroy()
    await relay.close()
    ;({ relay, http } = await relayOn(dataDir))
    await check('after a restart')

    // A room loaded and unloaded again compacts its whole log into the snapshot.
    const reader = client(relay, 'paper', 'reader')
    await waitFor(() => reader.text.toString() === made.at(-1)!.text, 'the reader to sync')
    reader.destroy()
    await waitFor(() => !relay.registry.has('paper'), 'the room to unload and compact')
    const db = new Database(path.join(dataDir, 'mergepad.sqlite'), { readonly: true })
    const count = (sql: string) => db.prepare(sql).pluck().get('paper') as number
    expect(count('SELECT count(*) FROM log WHERE doc = ?')).toBe(0)
    expect(count('SELECT sum(changes) FROM history_chunks WHERE doc = ?')).toBeGreaterThan(made.length)
    db.close()
    await check('after compaction')
  })

  it('serve the first opening of a long history after a restart from the bundle kept before it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-kept-bundle-'))
    const store = await SqliteStore.open(dataDir)
    const typist = new Y.Doc()
    const appends: Promise<number>[] = []
    typist.on('update', (update: Uint8Array) => appends.push(store.append('novel', update)))
    for (let i = 0; i < longHistoryChanges; i++) typist.getText('codemirror').insert(i, String(i % 10))
    await Promise.all(appends)
    await store.close()
    const bundle = async (http: string) => decodeBundle(new Uint8Array(await (await fetch(`${http}/api/docs/novel/history`)).arrayBuffer()))

    let { relay, http } = await relayOn(dataDir)
    const first = await bundle(http)
    expect(first.head).toBe(longHistoryChanges)
    await relay.close()
    ;({ relay, http } = await relayOn(dataDir))
    const reader = client(relay, 'novel', 'Ben')
    await reader.synced()
    const kept = await bundle(http)
    expect(kept).toEqual(first)

    // Something stored since: the kept bundle is out of date, and a new one is made.
    reader.type('!')
    await waitFor(() => relay.registry.storedHead('novel') === longHistoryChanges + 1, 'the new change to be stored')
    const fresh = await bundle(http)
    expect(fresh.head).toBe(longHistoryChanges + 1)
    expect(fresh.madeAt).toBeGreaterThan(first.madeAt)
  })

  it('restores a version as an edit by the caller that keeps what others typed since elsewhere', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-restore-'))
    const { relay, http } = await relayOn(dataDir)
    const ada = client(relay, 'notes', 'Ada')
    const ben = client(relay, 'notes', 'Ben')
    await Promise.all([ada.synced(), ben.synced()])
    ada.type('Intro.\nThe important paragraph.\n')
    await waitFor(() => ben.text.toString() === 'Intro.\nThe important paragraph.\n', 'Ben to see the first draft')
    const draft = await call(http, 'POST', '/api/docs/notes/versions', { label: 'Draft sent to Ben' })
    expect(draft.status).toBe(201)

    ada.text.delete(7, 'The important paragraph.\n'.length)
    ben.type('Signed, Ben.')
    const expectedNow = 'Intro.\nSigned, Ben.'
    await waitFor(() => ada.text.toString() === expectedNow && ben.text.toString() === expectedNow, 'both edits to meet')

    const restored = await call(http, 'POST', `/api/docs/notes/versions/${draft.body.id}/restore`)
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ kind: 'restore', restoredFrom: draft.body.id, changed: true, label: 'Restored “Draft sent to Ben”' })
    const after = 'Intro.\nThe important paragraph.\n'
    // The restore is the difference between now and then: Ben's signature, written since, is not
    // in the draft, so it goes; the deleted paragraph comes back; both clients receive it.
    await waitFor(() => ada.text.toString() === after && ben.text.toString() === after, 'the restore to reach both clients')

    const listed = (await call(http, 'GET', '/api/docs/notes/versions')).body.versions
    const restore = listed.find((v: { id: string }) => v.id === restored.body.id)
    expect(restore).toMatchObject({ kind: 'restore', by: 'API', restoredFrom: draft.body.id })
    expect(listed.map((v: { id: string }) => v.id)).toContain(draft.body.id)
    expect((await call(http, 'GET', `/api/docs/notes/versions/${restored.body.id}/text`)).body).toBe(after)
    // Any stored change can be read by its `c<seq>` id, and the document's start by `c0`.
    expect((await call(http, 'GET', '/api/docs/notes/versions/c0/text')).body).toBe('')
  })

  it('refuses unknown versions, bad labels and other methods with a clear error', async () => {
    const { relay, http } = await relayOn(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-versions-bad-')))
    const ada = client(relay, 'doc', 'Ada')
    await ada.synced()
    ada.type('x')
    await until(async () => (await call(http, 'GET', '/api/docs/doc/versions/c1/text')).body === 'x', 'the relay to store the text')
    expect(await call(http, 'GET', '/api/docs/doc/versions/99/text')).toMatchObject({ status: 404, body: { error: 'there is no version "99" of "doc"' } })
    expect(await call(http, 'GET', '/api/docs/doc/versions/c9999/text')).toMatchObject({ status: 404 })
    expect(await call(http, 'POST', '/api/docs/doc/versions', { label: '' })).toMatchObject({ status: 400, body: { error: '"label" must be a non-empty string' } })
    expect(await call(http, 'POST', '/api/docs/doc/versions', { label: 'x'.repeat(201) })).toMatchObject({ status: 400 })
    expect(await call(http, 'DELETE', '/api/docs/doc/versions')).toMatchObject({ status: 405 })
    expect(await call(http, 'GET', '/api/docs/nothing-here/versions')).toMatchObject({ status: 404 })
  })

  it('take the same tokens as the rest of the API: a view link lists and reads, an edit link names and restores', async () => {
    const { relay, http, token } = await startAccessRelay({ adminToken: 'admin-secret' })
    onTestFinished(() => relay.close())
    const as = (bearer: string | null, method: string, route: string, body?: unknown) =>
      fetch(http + route, { method, headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.status)
    expect(await as('admin-secret', 'POST', '/api/docs', { name: 'plan', text: 'v1' })).toBe(201)
    const [view, edit] = [await token('plan', 'view'), await token('plan', 'edit', { label: 'Ben' })]
    expect(await as(null, 'GET', '/api/docs/plan/versions')).toBe(401)
    expect(await as(view, 'GET', '/api/docs/plan/versions')).toBe(200)
    expect(await as(view, 'POST', '/api/docs/plan/versions', { label: 'mine' })).toBe(403)
    expect(await as(view, 'POST', '/api/docs/plan/versions/c1/restore')).toBe(403)
    expect(await as(edit, 'POST', '/api/docs/plan/versions', { label: 'mine' })).toBe(201)
    const listed = await (await fetch(`${http}/api/docs/plan/versions`, { headers: { authorization: `Bearer ${view}` } })).json()
    expect(listed.versions.at(-1)).toMatchObject({ label: 'mine', by: 'Ben', kind: 'named' })
  })
})
