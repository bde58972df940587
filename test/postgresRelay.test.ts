import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textOf } from '../server/store/docStore.contract.ts'
import { PostgresStore } from '../server/store/postgresStore.ts'
import { CloseCode } from '../shared/index.ts'
import { nextClose } from './helpers/accessRelay.ts'
import { type TestClient, connectClient } from './helpers/client.ts'
import { type ThrowawayPostgres, startPostgres } from './helpers/postgres.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { waitFor } from './helpers/wait.ts'

let server: ThrowawayPostgres
const relays: RelayProcess[] = []
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.kill()))
  await server?.remove()
})

describe('relays on Postgres (--store)', () => {
  it('two relay processes share one database: what one stored, the other loads, even after a SIGKILL', async () => {
    const url = await server.newDatabase()
    // Started together, so both migrate the new database at once.
    const [a, b] = await Promise.all([1, 2].map(() => startRelayProcess({ args: ['--store', url] })))
    relays.push(a, b)

    const alice = connectClient(a.url, 'shared', 'alice')
    await alice.synced()
    alice.type('typed on a')
    // The relay relays an edit only once it is stored.
    const watcher = connectClient(a.url, 'shared', 'watcher')
    await waitFor(() => watcher.text.toString() === 'typed on a', 'the edit to be stored and relayed')
    await a.kill()
    alice.destroy()
    watcher.destroy()

    const bob = connectClient(b.url, 'shared', 'bob')
    await waitFor(() => bob.text.toString() === 'typed on a', 'relay b to load the edit from Postgres')
    bob.type('!')
    await waitFor(() => bob.text.toString() === 'typed on a!', 'bob to type')
    bob.destroy()
    await b.stop()

    await a.restart()
    const carol = connectClient(a.url, 'shared', 'carol')
    await waitFor(() => carol.text.toString() === 'typed on a!', 'the restarted relay to load both edits')
    carol.destroy()
  })

  it('a relay compacting a document that another relay also writes drops none of the other’s edits', async () => {
    const url = await server.newDatabase()
    const [a, b] = await Promise.all([1, 2].map(() => startRelayProcess({ args: ['--store', url] })))
    relays.push(a, b)
    // A second client on each relay shows when an edit is stored: the relay relays only then.
    const [alice, aliceSees, bob, bobSees] = [a, a, b, b].map((relay, i) => connectClient(relay.url, 'both', `client-${i}`))
    await Promise.all([alice, aliceSees, bob, bobSees].map((client) => client.synced()))
    const typeStored = async (client: TestClient, watcher: TestClient, text: string) => {
      client.type(text)
      await waitFor(() => watcher.text.toString().includes(text), `"${text}" to be stored`)
    }
    // Entries 1 and 3 come from relay a, entry 2 from relay b, which a never sees.
    await typeStored(alice, aliceSees, 'a1 ')
    await typeStored(bob, bobSees, 'b1 ')
    await typeStored(alice, aliceSees, 'a2 ')
    for (const client of [alice, aliceSees, bob, bobSees]) client.destroy()
    // Each relay compacts the document as it unloads it.
    expect(await a.stop()).toBe(0)
    expect(await b.stop()).toBe(0)

    const store = await PostgresStore.open(url)
    const stored = await store.load('both')
    await store.close()
    expect(stored.snapshot).not.toBeNull()
    const text = textOf(stored)
    for (const edit of ['a1 ', 'b1 ', 'a2 ']) expect(text).toContain(edit)
  })

  it('relays that share nothing but the database honour the same links: made on one, revoked on the other', async () => {
    const url = await server.newDatabase()
    // Each relay has a data directory of its own, as on two machines, and no secret file.
    const [a, b] = await Promise.all([1, 2].map(() => startRelayProcess({ args: ['--store', url, '--access', 'links'] })))
    relays.push(a, b)
    const created = await fetch(`${a.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'class-notes', text: 'made on a' }) })
    expect(created.status).toBe(201)
    const { tokens } = (await created.json()) as { tokens: { owner: string; edit: string; view: string } }

    const bob = connectClient(b.url, 'class-notes', 'bob', { token: tokens.edit })
    await waitFor(() => bob.text.toString() === 'made on a', 'the link made on a to open the document on b')
    const owner = { authorization: `Bearer ${tokens.owner}` }
    const listed = await fetch(`${b.httpUrl}/api/docs/class-notes/links`, { headers: owner })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as { links: Array<{ role: string }> }).links.map((link) => link.role).sort()).toEqual(['edit', 'owner', 'view'])

    const closed = nextClose(bob)
    const revoked = await fetch(`${b.httpUrl}/api/docs/class-notes/links?role=edit`, { method: 'DELETE', headers: owner })
    expect(revoked.status).toBe(200)
    expect((await closed).code).toBe(CloseCode.LinkRevoked)
    bob.destroy()
    const late = connectClient(a.url, 'class-notes', 'late', { token: tokens.edit })
    expect((await nextClose(late)).code).toBe(CloseCode.LinkRevoked)
    late.destroy()
  })

  it('a PUT with If-Match merges from a text another relay served, or this one before it restarted', async () => {
    const url = await server.newDatabase()
    const [a, b] = await Promise.all([1, 2].map(() => startRelayProcess({ args: ['--store', url, '--access', 'links'] })))
    relays.push(a, b)
    const created = await fetch(`${a.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'plan', text: '# Plan\n\nBody.' }) })
    const { tokens } = (await created.json()) as { tokens: { edit: string; view: string } }
    const call = (relay: RelayProcess, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
      fetch(`${relay.httpUrl}/api/docs/plan${path}`, { method, body, headers: { authorization: `Bearer ${tokens.edit}`, ...headers } })

    // Read on a; someone appends on b; the PUT of the edited read goes to b, which never served it.
    const read = await call(a, 'GET', '/text')
    expect(await read.text()).toBe('# Plan\n\nBody.')
    const tag = read.headers.get('etag')!
    expect((await call(b, 'POST', '/append', ' More.')).status).toBe(200)
    const put = await call(b, 'PUT', '/text', '# New plan\n\nBody.', { 'if-match': tag })
    expect(put.status).toBe(200)
    expect(await (await call(b, 'GET', '/text')).text()).toBe('# New plan\n\nBody. More.')

    // The relay that served a read finds it again after a restart, which forgot what it served.
    const second = await call(b, 'GET', '/text')
    const secondTag = second.headers.get('etag')!
    expect(await b.stop()).toBe(0)
    await b.restart()
    expect((await call(b, 'PUT', '/text', '# New plan\n\nBody. More. Done.', { 'if-match': secondTag })).status).toBe(200)
    expect(await (await call(b, 'GET', '/text')).text()).toBe('# New plan\n\nBody. More. Done.')

    // A tag naming a stored entry with another text's digest, or no entry at all, is refused.
    const forged = tag.replace(/-[\w-]{27}"$/, `-${'A'.repeat(27)}"`)
    expect(forged).not.toBe(tag)
    expect((await call(b, 'PUT', '/text', 'x', { 'if-match': forged })).status).toBe(412)
    expect((await call(b, 'PUT', '/text', 'x', { 'if-match': tag.replace(/^"\d+-/, '"999-') })).status).toBe(412)
    expect(await (await call(b, 'GET', '/text')).text()).toBe('# New plan\n\nBody. More. Done.')
  })

  it('a document deleted through one relay is not written back by another that never heard of it', async () => {
    const url = await server.newDatabase()
    // No bus between them: relay b learns of the deletion only from the store.
    const [a, b] = await Promise.all([1, 2].map(() => startRelayProcess({ args: ['--store', url, '--access', 'links'] })))
    relays.push(a, b)
    const created = await fetch(`${a.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'secret', text: 'to be deleted' }) })
    const { tokens } = (await created.json()) as { tokens: { owner: string; edit: string } }
    const bob = connectClient(b.url, 'secret', 'bob', { token: tokens.edit })
    await waitFor(() => bob.text.toString() === 'to be deleted', 'bob to open the document on b')

    const owner = { authorization: `Bearer ${tokens.owner}` }
    expect((await fetch(`${a.httpUrl}/api/docs/secret`, { method: 'DELETE', headers: owner })).status).toBe(200)
    const closed = nextClose(bob)
    bob.type(' and typed on')
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000))
    expect(await Promise.race([closed.then(({ code }) => code), timeout])).toBe(CloseCode.DocumentDeleted)
    bob.destroy()

    const store = await PostgresStore.open(url)
    expect(await store.catalog.exists('secret')).toBe(false)
    expect(await store.catalog.list(null, 10)).toEqual([])
    await store.close()
    const admin = await fetch(`${b.httpUrl}/api/docs/secret/text`, { headers: owner })
    expect(admin.status).not.toBe(200)
  })

  it('a relay moved onto Postgres keeps honouring the links it made before, on every relay', async () => {
    const alone = await startRelayProcess({ args: ['--access', 'links'] })
    relays.push(alone)
    const created = await fetch(`${alone.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'moved' }) })
    const { tokens } = (await created.json()) as { tokens: { edit: string; owner: string } }
    expect(await alone.stop()).toBe(0)

    const url = await server.newDatabase()
    const moved = await startRelayProcess({ dataDir: alone.dataDir, args: ['--store', url, '--access', 'links'] })
    const other = await startRelayProcess({ args: ['--store', url, '--access', 'links'] })
    relays.push(moved, other)
    for (const relay of [moved, other]) {
      const client = connectClient(relay.url, 'moved', 'ana', { token: tokens.edit })
      await client.synced()
      client.destroy()
    }

    // Moved once: a deletion made since is not undone when the relay starts again.
    const deleted = await fetch(`${other.httpUrl}/api/docs/moved`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.owner}` } })
    expect(deleted.status).toBe(200)
    await moved.stop()
    await moved.restart()
    const again = await fetch(`${moved.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'moved' }) })
    expect(again.status).toBe(201)
  })

  it('two relays moved onto one database keep honouring the links each made before, on both', async () => {
    const made: Array<{ dataDir: string; doc: string; edit: string }> = []
    for (const doc of ['first-notes', 'second-notes']) {
      const alone = await startRelayProcess({ args: ['--access', 'links'] })
      relays.push(alone)
      const created = await fetch(`${alone.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: doc }) })
      made.push({ dataDir: alone.dataDir, doc, edit: ((await created.json()) as { tokens: { edit: string } }).tokens.edit })
      expect(await alone.stop()).toBe(0)
    }

    // The first keeps its key as the database's; the second, with a key of its own, moves later.
    const url = await server.newDatabase()
    const first = await startRelayProcess({ dataDir: made[0].dataDir, args: ['--store', url, '--access', 'links'] })
    relays.push(first)
    const second = await startRelayProcess({ dataDir: made[1].dataDir, args: ['--store', url, '--access', 'links'] })
    relays.push(second)
    for (const relay of [first, second]) {
      for (const { doc, edit } of made) {
        // Links move onto the database, documents do not: the link opens an empty document.
        const client = connectClient(relay.url, doc, 'reader', { token: edit })
        await client.synced()
        client.destroy()
      }
    }
  })

  it('refuses a URL that is not postgres://, and says why it cannot reach the database', async () => {
    await expect(startRelayProcess({ args: ['--store', 'mysql://localhost/db'] })).rejects.toThrow(/--store must be a postgres:\/\/ URL/)
    const down = `postgres://postgres:secret@127.0.0.1:${server.port + 1}/nowhere`
    const error = await startRelayProcess({ args: ['--store', down] }).catch((e: Error) => e)
    expect(String(error)).toMatch(/could not open the store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/)
    expect(String(error)).not.toContain('secret')
  })
})
