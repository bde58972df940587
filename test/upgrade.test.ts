import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { connectForTest } from './helpers/testClient.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { waitFor } from './helpers/wait.ts'

const fixture = new URL('./fixtures/data-before-history/', import.meta.url)
const expected = JSON.parse(fs.readFileSync(new URL('expected.json', fixture), 'utf8')) as {
  adminToken: string
  docs: Record<string, string>
  viewTokens: Record<string, string>
}

/** A copy of the fixture's data directory, so the test never changes the committed files. */
function copyOfFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-upgrade-'))
  for (const file of fs.readdirSync(fixture)) fs.copyFileSync(new URL(file, fixture), path.join(dir, file))
  return dir
}

const route = (name: string, rest = '') => `/api/docs/${name.split('/').map(encodeURIComponent).join('/')}${rest}`

describe('a data directory written before the store kept history', () => {
  it('opens with every document, link and text intact, and history from then on', async () => {
    const relay: RelayProcess = await startRelayProcess({ dataDir: copyOfFixture(), args: ['--access', 'links', '--admin-token', expected.adminToken] })
    onTestFinished(async () => void (await relay.stop()))
    const api = async (path: string, token: string, init: RequestInit = {}) => {
      const response = await fetch(relay.httpUrl + path, { ...init, headers: { authorization: `Bearer ${token}` } })
      expect(response.status, `${init.method ?? 'GET'} ${path}: ${relay.output()}`).toBeLessThan(300)
      return response.headers.get('content-type')?.startsWith('application/json') ? response.json() : response.text()
    }

    const listed = await api('/api/docs', expected.adminToken)
    expect(listed.docs.map((d: { name: string }) => d.name).sort()).toEqual(Object.keys(expected.docs).sort())
    for (const [name, text] of Object.entries(expected.docs)) {
      const view = expected.viewTokens[name]
      expect(await api(route(name, '/text'), view), name).toBe(text)
      // A stock provider with the link made by the old relay reads the same text.
      const reader = connectForTest(relay.url, name, 'reader', { token: view })
      await waitFor(() => reader.text.toString() === text, `${name} over a WebSocket`)
      // History starts at the upgrade: the text stored then is there from its start (c0), and
      // each log entry written before it is a change of unknown author.
      const { versions } = await api(route(name, '/versions'), view)
      expect(Array.isArray(versions)).toBe(true)
      const bundle = await fetch(relay.httpUrl + route(name, '/history'), { headers: { authorization: `Bearer ${view}` } })
      expect(bundle.status).toBe(200)
    }
    expect(await api(route('notes', '/versions/c0/text'), expected.viewTokens.notes)).toBe('Hello world.')
    expect(await api(route('notes', '/versions/c6/text'), expected.viewTokens.notes)).toBe('Hello world. Bye.')
    expect(await api(route('drafts/ünïcödé 📝', '/versions/c0/text'), expected.viewTokens['drafts/ünïcödé 📝'])).toBe('')

    // New edits are stored with their author, and survive a restart.
    const edit = (await fetch(`${relay.httpUrl}${route('notes', '/links')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${expected.adminToken}` },
      body: JSON.stringify({ role: 'edit', label: 'Eve' }),
    }).then((r) => r.json())).token as string
    const eve = connectForTest(relay.url, 'notes', 'Eve', { token: edit })
    await eve.synced()
    eve.type(' Again.')
    const now = 'Hello world. Bye. Again.'
    await waitFor(() => eve.text.toString() === now, 'Eve to type')
    await relay.stop()
    await relay.restart()
    expect(await api(route('notes', '/text'), expected.viewTokens.notes)).toBe(now)
    const named = await fetch(relay.httpUrl + route('notes', '/versions'), { method: 'POST', headers: { authorization: `Bearer ${edit}` }, body: '{"label":"after the upgrade"}' })
    expect(named.status).toBe(201)
    const { id } = await named.json()
    expect(await api(route('notes', `/versions/${id}/text`), expected.viewTokens.notes)).toBe(now)
    const { versions } = await api(route('notes', '/versions'), expected.viewTokens.notes)
    expect(versions.at(-1)).toMatchObject({ id, label: 'after the upgrade', authors: ['Eve'] })
  }, 180_000)
})
