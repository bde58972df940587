import { describe, expect, it, onTestFinished } from 'vitest'
import * as Y from 'yjs'
import { decodeBundle } from '../shared/history/historyBundle.ts'
import { CloseCode } from '../shared/index.ts'
import { type AccessRelay, type AccessRelayOptions, nextClose, startAccessRelay } from './helpers/accessRelay.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { waitFor } from './helpers/wait.ts'

const admin = 'admin-secret-for-tests'

async function relayWith(options: AccessRelayOptions = {}): Promise<AccessRelay> {
  const started = await startAccessRelay({ adminToken: admin, ...options })
  onTestFinished(() => started.relay.close())
  return started
}

function client(relay: AccessRelay, room: string, name: string, token?: string): TestClient {
  return connectForTest(relay.relay.url, room, name, token ? { token } : {})
}

/** Calls the API and returns the status and the parsed body (JSON, or text). */
async function call(relay: AccessRelay, method: string, path: string, { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(relay.http + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const type = response.headers.get('content-type') ?? ''
  const parsed = type.startsWith('application/json') ? await response.json() : await response.text()
  return { status: response.status, body: parsed as any, headers: response.headers }
}

interface Created {
  name: string
  links: { edit: string; view: string }
  tokens: { owner: string; edit: string; view: string }
}

async function create(relay: AccessRelay, name: string, text?: string): Promise<Created> {
  const { status, body } = await call(relay, 'POST', '/api/docs', { body: { name, text } })
  expect(status).toBe(201)
  return body as Created
}

describe('POST /api/docs', () => {
  it('creates a document with its text stored, and owner, edit and view tokens', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'team/plan', 'first line')
    expect(doc.name).toBe('team/plan')
    expect(doc.links.edit).toBe(`${relay.http}/d/team/plan#${doc.tokens.edit}`)
    expect(doc.links.view).toBe(`${relay.http}/d/team/plan#${doc.tokens.view}`)
    expect((await call(relay, 'GET', '/api/docs/team/plan/text', { token: doc.tokens.view })).body).toBe('first line')

    const reader = client(relay, 'team/plan', 'reader', doc.tokens.view)
    await waitFor(() => reader.text.toString() === 'first line', 'the stored text over the relay')
  })

  it('picks a name when none is given, and refuses a taken name (409), a bad name and bad JSON (400)', async () => {
    const relay = await relayWith()
    const unnamed = await call(relay, 'POST', '/api/docs', { body: {} })
    expect(unnamed.status).toBe(201)
    expect(unnamed.body.name).toMatch(/^doc-[0-9a-f]{12}$/)
    await create(relay, 'taken')
    expect(await call(relay, 'POST', '/api/docs', { body: { name: 'taken' } })).toMatchObject({ status: 409, body: { error: 'a document named "taken" already exists' } })
    expect(await call(relay, 'POST', '/api/docs', { body: { name: 'a/../b' } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/"\.\." path segment/) } })
    expect(await call(relay, 'POST', '/api/docs', { body: '{"name": ' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^the body is not valid JSON/) } })
    expect(await call(relay, 'POST', '/api/docs', { body: { text: 5 } })).toMatchObject({ status: 400, body: { error: '"text" must be a string' } })
  })

  it('refuses to claim a document that already has text, made before links were required', async () => {
    const relay = await relayWith({ mode: 'open' })
    const early = client(relay, 'legacy', 'early')
    await early.synced()
    early.type('made in open mode')
    const watcher = client(relay, 'legacy', 'watcher')
    await waitFor(() => watcher.text.toString() === 'made in open mode', 'the text to be stored and relayed')
    early.destroy()
    watcher.destroy()
    await waitFor(() => !relay.relay.registry.has('legacy'), 'the room to unload')
    expect((await call(relay, 'POST', '/api/docs', { body: { name: 'legacy' } })).status).toBe(409)
  })
})

describe('GET /api/docs (admin)', () => {
  it('lists documents with their size and last write, page by page', async () => {
    const relay = await relayWith()
    for (const name of ['a', 'b', 'c']) await create(relay, name, `text of ${name}`)
    const doc = await create(relay, 'd')
    expect((await call(relay, 'GET', '/api/docs')).status).toBe(401)
    expect((await call(relay, 'GET', '/api/docs', { token: doc.tokens.owner })).status).toBe(403)
    const first = await call(relay, 'GET', '/api/docs?limit=2', { token: admin })
    expect(first.status).toBe(200)
    expect(first.body.docs.map((d: { name: string }) => d.name)).toEqual(['a', 'b'])
    expect(first.body.docs[0]).toEqual({ name: 'a', bytes: expect.any(Number), updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
    expect(first.body.docs[0].bytes).toBeGreaterThan('text of a'.length)
    const second = await call(relay, 'GET', `/api/docs?limit=2&cursor=${first.body.next}`, { token: admin })
    expect(second.body).toEqual({ docs: [expect.objectContaining({ name: 'c' })], next: null })
    expect((await call(relay, 'GET', '/api/docs?limit=0', { token: admin })).status).toBe(400)
  })

  it('in open mode needs no token unless an admin token is set', async () => {
    const open = await relayWith({ mode: 'open', adminToken: undefined })
    expect((await call(open, 'GET', '/api/docs')).status).toBe(200)
    const guarded = await relayWith({ mode: 'open' })
    expect((await call(guarded, 'GET', '/api/docs')).status).toBe(401)
    expect((await call(guarded, 'GET', '/api/docs', { token: admin })).status).toBe(200)
  })
})

describe('text', () => {
  it('GET needs view or better for that document (401 without, 403 for another document, 404 unknown)', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'notes', 'hello')
    const other = await create(relay, 'other')
    expect(await call(relay, 'GET', '/api/docs/notes/text')).toMatchObject({ status: 401, body: { error: expect.stringMatching(/bearer token/) } })
    expect((await call(relay, 'GET', '/api/docs/notes/text', { token: 'garbage' })).status).toBe(401)
    expect(await call(relay, 'GET', '/api/docs/notes/text', { token: other.tokens.owner })).toMatchObject({ status: 403, body: { error: 'this link is for another document' } })
    expect(await call(relay, 'GET', '/api/docs/nowhere/text', { token: admin })).toMatchObject({ status: 404, body: { error: 'there is no document named "nowhere"' } })
    const text = await call(relay, 'GET', '/api/docs/notes/text', { token: doc.tokens.view })
    expect(text.status).toBe(200)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(text.body).toBe('hello')
  })

  it('PUT replaces the text as a minimal diff that open editors receive, and needs edit', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'draft', 'The cat sat on the mat.')
    const editor = client(relay, 'draft', 'editor', doc.tokens.edit)
    await waitFor(() => editor.text.toString() === 'The cat sat on the mat.', 'the editor to sync')
    // A concurrent edit: made offline while the PUT happens, merged when the editor reconnects.
    editor.provider.disconnect()
    editor.type(' Purr.')

    expect((await call(relay, 'PUT', '/api/docs/draft/text', { token: doc.tokens.view, body: 'x' })).status).toBe(403)
    const put = await call(relay, 'PUT', '/api/docs/draft/text', { token: doc.tokens.edit, body: 'The dog sat on the mat.' })
    expect(put).toMatchObject({ status: 200, body: { name: 'draft', changed: true } })
    editor.provider.connect()
    // Only "cat" was replaced: the editor's concurrent " Purr." survives.
    await waitFor(() => editor.text.toString() === 'The dog sat on the mat. Purr.', 'the PUT to reach the editor, merged')
    expect((await call(relay, 'GET', '/api/docs/draft/text', { token: doc.tokens.view })).body).toBe('The dog sat on the mat. Purr.')
    expect((await call(relay, 'PUT', '/api/docs/draft/text', { token: doc.tokens.edit, body: 'The dog sat on the mat. Purr.' })).body.changed).toBe(false)
  })

  it('POST append adds text at the end; a body over the limit is 413; bad UTF-8 is 400', async () => {
    const relay = await relayWith({ maxFrameBytes: 64 * 1024 })
    const doc = await create(relay, 'log', 'one')
    expect(await call(relay, 'POST', '/api/docs/log/append', { token: doc.tokens.edit, body: '\ntwo' })).toMatchObject({ status: 200, body: { name: 'log', length: 7 } })
    expect((await call(relay, 'GET', '/api/docs/log/text', { token: doc.tokens.view })).body).toBe('one\ntwo')
    expect((await call(relay, 'POST', '/api/docs/log/append', { token: doc.tokens.view, body: 'x' })).status).toBe(403)
    const huge = await call(relay, 'POST', '/api/docs/log/append', { token: doc.tokens.edit, body: 'x'.repeat(65 * 1024) })
    expect(huge).toMatchObject({ status: 413, body: { error: 'the body is larger than the limit of 65536 bytes' } })
    const bad = await fetch(`${relay.http}/api/docs/log/append`, { method: 'POST', headers: { authorization: `Bearer ${doc.tokens.edit}` }, body: Uint8Array.of(0xff, 0xfe) })
    expect(bad.status).toBe(400)
    expect((await call(relay, 'GET', '/api/docs/log/text', { token: doc.tokens.view })).body).toBe('one\ntwo')
  })

  it('gives the history bundle with an away stop, and says 400 to a bad away time or state vector', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'away', 'one')
    const vector = Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64')
    const good = await fetch(`${relay.http}/api/docs/away/history?away=1000&sv=${encodeURIComponent(vector)}`, { headers: { authorization: `Bearer ${doc.tokens.view}` } })
    expect(good.status).toBe(200)
    expect(decodeBundle(new Uint8Array(await good.arrayBuffer())).awaySeq).toBe(0)
    expect(await call(relay, 'GET', '/api/docs/away/history?away=soon', { token: doc.tokens.view })).toMatchObject({ status: 400, body: { error: '"away" must be a number of milliseconds' } })
    for (const sv of ['not*base64', encodeURIComponent('/w=='), 'A'.repeat(5000)]) {
      expect(await call(relay, 'GET', `/api/docs/away/history?away=1000&sv=${sv}`, { token: doc.tokens.view })).toMatchObject({ status: 400, body: { error: '"sv" must be a state vector in base64' } })
    }
  })

  it('accepts names with an encoded slash, and refuses bad names with 400', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'team/a b', 'spaced')
    expect((await call(relay, 'GET', '/api/docs/team%2Fa%20b/text', { token: doc.tokens.view })).body).toBe('spaced')
    expect((await call(relay, 'GET', '/api/docs/team/a%20b/text', { token: doc.tokens.view })).body).toBe('spaced')
    expect(await call(relay, 'GET', '/api/docs/a%00b/text', { token: admin })).toMatchObject({ status: 400, body: { error: 'document name contains a control character' } })
  })
})

describe('links', () => {
  it('owners create, list and revoke links; revoking closes their connections with 4410', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'shared')
    expect((await call(relay, 'POST', '/api/docs/shared/links', { token: doc.tokens.edit, body: { role: 'view' } })).status).toBe(403)
    expect(await call(relay, 'POST', '/api/docs/shared/links', { token: doc.tokens.owner, body: { role: 'admin' } })).toMatchObject({ status: 400 })
    expect(await call(relay, 'POST', '/api/docs/shared/links', { token: doc.tokens.owner, body: { role: 'view', expiresIn: '3 fortnights' } })).toMatchObject({ status: 400 })

    const made = await call(relay, 'POST', '/api/docs/shared/links', { token: doc.tokens.owner, body: { role: 'edit', expiresIn: '7d', label: 'Ben' } })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ role: 'edit', label: 'Ben', revokedAt: null, url: `${relay.http}/d/shared#${made.body.token}` })
    expect(Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)).toBe(7 * 86400_000)

    const listed = await call(relay, 'GET', '/api/docs/shared/links', { token: doc.tokens.owner })
    expect(listed.body.links.map((l: { role: string }) => l.role)).toEqual(['owner', 'edit', 'view', 'edit'])
    expect(listed.body.links[3].token).toBe(made.body.token)

    const ben = client(relay, 'shared', 'ben', made.body.token)
    await ben.synced()
    const closed = nextClose(ben)
    expect(await call(relay, 'DELETE', `/api/docs/shared/links/${made.body.id}`, { token: doc.tokens.owner })).toMatchObject({ status: 200, body: { revoked: [made.body.id] } })
    expect((await closed).code).toBe(CloseCode.LinkRevoked)
    expect((await call(relay, 'DELETE', `/api/docs/shared/links/${made.body.id}`, { token: doc.tokens.owner })).status).toBe(404)
    expect((await call(relay, 'GET', '/api/docs/shared/text', { token: made.body.token })).status).toBe(401)

    expect((await call(relay, 'DELETE', '/api/docs/shared/links?role=view', { token: doc.tokens.owner })).body.revoked).toHaveLength(1)
    expect((await call(relay, 'GET', '/api/docs/shared/links', { token: doc.tokens.owner })).body.links.map((l: { role: string }) => l.role)).toEqual(['owner', 'edit'])
    expect((await call(relay, 'GET', '/api/docs/shared/links?all=1', { token: doc.tokens.owner })).body.links).toHaveLength(4)
    expect((await call(relay, 'DELETE', '/api/docs/shared/links', { token: doc.tokens.owner })).status).toBe(400)
  })
})

describe('DELETE /api/docs/<name>', () => {
  it('closes open connections with 4411, removes the text and every link, and frees the name', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'doomed', 'bye')
    const reader = client(relay, 'doomed', 'reader', doc.tokens.edit)
    await waitFor(() => reader.text.toString() === 'bye', 'the reader to sync')
    const closed = nextClose(reader)
    expect((await call(relay, 'DELETE', '/api/docs/doomed', { token: doc.tokens.edit })).status).toBe(403)
    expect(await call(relay, 'DELETE', '/api/docs/doomed', { token: doc.tokens.owner })).toMatchObject({ status: 200, body: { name: 'doomed', deleted: true } })
    expect((await closed).code).toBe(CloseCode.DocumentDeleted)
    expect((await call(relay, 'GET', '/api/docs/doomed/text', { token: doc.tokens.owner })).status).toBe(401)
    expect((await call(relay, 'GET', '/api/docs/doomed/text', { token: admin })).status).toBe(404)
    expect((await call(relay, 'GET', '/api/docs', { token: admin })).body.docs).toEqual([])
    const again = await create(relay, 'doomed')
    expect((await call(relay, 'GET', '/api/docs/doomed/text', { token: again.tokens.view })).body).toBe('')
  })

  it('lets the admin delete any document', async () => {
    const relay = await relayWith()
    await create(relay, 'any')
    expect((await call(relay, 'DELETE', '/api/docs/any', { token: admin })).status).toBe(200)
  })
})

describe('the API as a whole', () => {
  it('says 404 for unknown paths, 405 for wrong methods, and 403 to pages of other origins', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'x')
    expect(await call(relay, 'GET', '/api/nothing')).toMatchObject({ status: 404, body: { error: 'there is no API at /api/nothing' } })
    const wrong = await call(relay, 'PATCH', '/api/docs/x/text', { token: doc.tokens.owner })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET, PUT')
    expect((await call(relay, 'GET', '/api/docs/x/text', { token: doc.tokens.owner, headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect((await call(relay, 'GET', '/api/access')).body).toEqual({ mode: 'links' })
  })

  it('in open mode serves document endpoints without a token, but shows link tokens only to their owner', async () => {
    const relay = await relayWith({ mode: 'open' })
    const doc = await create(relay, 'free', 'text')
    expect((await call(relay, 'PUT', '/api/docs/free/text', { body: 'new text' })).status).toBe(200)
    expect((await call(relay, 'GET', '/api/docs/free/text')).body).toBe('new text')
    const anonymous = await call(relay, 'GET', '/api/docs/free/links')
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.links[0]).not.toHaveProperty('token')
    expect((await call(relay, 'GET', '/api/docs/free/links', { token: doc.tokens.owner })).body.links[0].token).toBe(doc.tokens.owner)
    // Nor are links made for anyone without it: they would work once the relay requires links.
    expect((await call(relay, 'POST', '/api/docs/free/links', { body: { role: 'owner' } })).status).toBe(403)
    expect((await call(relay, 'POST', '/api/docs/free/links', { token: doc.tokens.owner, body: { role: 'edit' } })).status).toBe(201)
  })

  it('refuses a name that is not valid Unicode with 400, and stores nothing', async () => {
    const relay = await relayWith()
    const created = await call(relay, 'POST', '/api/docs', { body: '{"name":"x\\ud800","text":"secret"}' })
    expect(created).toMatchObject({ status: 400, body: { error: expect.stringContaining('Unicode') } })
    expect((await call(relay, 'GET', '/api/docs', { token: admin })).body.docs).toEqual([])
  })

  it('serves every page with the security headers', async () => {
    const relay = await relayWith()
    for (const path of ['/', '/d/x', '/healthz', '/api/access']) {
      const response = await fetch(relay.http + path)
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("script-src 'self'")
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain(`connect-src 'self' ws://${new URL(relay.http).host} wss://${new URL(relay.http).host}`)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })
})

describe('PUT with If-Match', () => {
  it('merges the changes made since a GET into what others wrote meanwhile, and says 412 for an unknown version', async () => {
    const relay = await relayWith()
    const doc = await create(relay, 'merge', '# Title\n\nBody.')
    const read = await call(relay, 'GET', '/api/docs/merge/text', { token: doc.tokens.view })
    const etag = read.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    // Someone types after the read; the PUT's body does not have it.
    expect((await call(relay, 'POST', '/api/docs/merge/append', { token: doc.tokens.edit, body: ' More.' })).status).toBe(200)
    const put = await call(relay, 'PUT', '/api/docs/merge/text', { token: doc.tokens.edit, body: '# New title\n\nBody.', headers: { 'if-match': etag } })
    expect(put.status).toBe(200)
    expect((await call(relay, 'GET', '/api/docs/merge/text', { token: doc.tokens.view })).body).toBe('# New title\n\nBody. More.')
    expect(await call(relay, 'PUT', '/api/docs/merge/text', { token: doc.tokens.edit, body: 'x', headers: { 'if-match': '"unknown"' } })).toMatchObject({ status: 412 })
  })
})
