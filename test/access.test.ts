import { generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it, onTestFinished } from 'vitest'
import { CloseCode } from '../shared/index.ts'
import { startRelayProcess } from './helpers/relayProcess.ts'
import { type AccessRelay, nextClose, startAccessRelay, tryUpgrade } from './helpers/accessRelay.ts'
import { type TestClient } from './helpers/client.ts'
import { connectForTest } from './helpers/testClient.ts'
import { sendAndAwaitClose } from './helpers/rawSocket.ts'
import { waitFor } from './helpers/wait.ts'

async function relayWith(options: Parameters<typeof startAccessRelay>[0] = {}): Promise<AccessRelay> {
  const started = await startAccessRelay(options)
  onTestFinished(() => started.relay.close())
  return started
}

function client(relay: AccessRelay, room: string, name: string, token?: string): TestClient {
  return connectForTest(relay.relay.url, room, name, token ? { token } : {})
}

/** A stock provider's first close: the code the relay refused it with. */
async function refusal(relay: AccessRelay, room: string, token?: string): Promise<number> {
  const c = client(relay, room, 'refused', token)
  const { code } = await nextClose(c)
  expect(c.text.toString(), 'nothing of the document is sent').toBe('')
  return code
}

describe('links mode with stock providers', () => {
  it('lets a valid edit link in, and closes at once with 4401 without a token or with a forged one', async () => {
    const relay = await relayWith()
    const owner = client(relay, 'plan', 'owner', await relay.token('plan', 'owner'))
    await owner.synced()
    owner.type('secret plan')

    expect(await refusal(relay, 'plan')).toBe(CloseCode.Unauthorized)
    expect(await refusal(relay, 'plan', 'not.a.token')).toBe(CloseCode.Unauthorized)

    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const forged = await new SignJWT({ doc: 'plan', role: 'owner' }).setProtectedHeader({ alg: 'EdDSA' }).setJti('x').setIssuedAt().sign(privateKey)
    expect(await refusal(relay, 'plan', forged)).toBe(CloseCode.Unauthorized)

    // A real token with its signature's last character changed.
    const real = await relay.token('plan', 'edit')
    const flipped = real.slice(0, -2) + (real.at(-2) === 'A' ? 'B' : 'A') + real.at(-1)
    expect(await refusal(relay, 'plan', flipped)).toBe(CloseCode.Unauthorized)

    const editor = client(relay, 'plan', 'editor', real)
    await editor.synced()
    await waitFor(() => editor.text.toString() === 'secret plan', 'the editor to get the text')
  })

  it('refuses a token for another document with 4403, comparing names after decoding', async () => {
    const relay = await relayWith()
    const notes = await relay.token('team/notes', 'edit')
    expect(await refusal(relay, 'team/notes2', notes)).toBe(CloseCode.Forbidden)
    expect(await refusal(relay, 'team', notes)).toBe(CloseCode.Forbidden)
    expect(await refusal(relay, 'team%2Fnotes%2Fx', notes)).toBe(CloseCode.Forbidden)
    const encoded = client(relay, 'team%2Fnotes', 'encoded', notes)
    await encoded.synced()
  })

  it('refuses an expired token at connect with 4419, and closes an open connection when its token expires', async () => {
    const relay = await relayWith()
    const token = await relay.token('brief', 'edit', { expiresInSeconds: 60 })
    const alice = client(relay, 'brief', 'alice', token)
    await alice.synced()
    const closed = nextClose(alice)
    relay.clock.offsetMs = 61_000
    expect((await closed).code).toBe(CloseCode.TokenExpired)
    expect(await refusal(relay, 'brief', token)).toBe(CloseCode.TokenExpired)
  })

  it('closes connections of a revoked link within 1 s with 4410, leaves other links open, and refuses the link for good', async () => {
    const relay = await relayWith()
    const revokedToken = await relay.token('memo', 'edit')
    const alice = client(relay, 'memo', 'alice', revokedToken)
    const bob = client(relay, 'memo', 'bob', await relay.token('memo', 'edit'))
    await Promise.all([alice.synced(), bob.synced()])
    const closed = nextClose(alice)
    const started = Date.now()
    const [id] = (await relay.relay.access.links('memo')).filter((g) => g.role === 'edit').map((g) => g.id)
    expect(await relay.relay.access.revoke('memo', { id })).toEqual([id])
    const { code } = await closed
    expect(code).toBe(CloseCode.LinkRevoked)
    expect(Date.now() - started).toBeLessThan(1000)
    alice.provider.disconnect()

    bob.type('bob stays')
    expect(bob.provider.wsconnected).toBe(true)
    expect(await refusal(relay, 'memo', revokedToken)).toBe(CloseCode.LinkRevoked)

    await relay.relay.close()
    const again = await relayWith({ dataDir: relay.dataDir })
    expect(await refusal(again, 'memo', revokedToken)).toBe(CloseCode.LinkRevoked)
  })

  it('revokes every link of a role at once', async () => {
    const relay = await relayWith()
    const viewers = await Promise.all([1, 2].map(async (n) => client(relay, 'deck', `viewer${n}`, await relay.token('deck', 'view'))))
    const editor = client(relay, 'deck', 'editor', await relay.token('deck', 'edit'))
    await Promise.all([...viewers, editor].map((c) => c.synced()))
    const closes = viewers.map(nextClose)
    expect(await relay.relay.access.revoke('deck', { role: 'view' })).toHaveLength(2)
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([CloseCode.LinkRevoked, CloseCode.LinkRevoked])
    expect(editor.provider.wsconnected).toBe(true)
  })
})

describe('origins of browser upgrades', () => {
  for (const mode of ['open', 'links'] as const) {
    it(`refuses a foreign Origin with 403 in ${mode} mode; same origin, allowed origins and no Origin pass`, async () => {
      const relay = await relayWith({ mode, allowOrigins: ['https://app.example.com'] })
      const token = await relay.token('doc', 'edit')
      const url = `${relay.relay.url}/doc?token=${token}`
      const host = new URL(relay.http).host
      expect(await tryUpgrade(url, { origin: 'https://evil.example' })).toBe(403)
      expect(await tryUpgrade(url, { origin: 'null' })).toBe(403)
      expect(await tryUpgrade(url, { origin: `http://${host}` })).toBe('open')
      expect(await tryUpgrade(url, { origin: 'https://app.example.com' })).toBe('open')
      expect(await tryUpgrade(url, {})).toBe('open')
      // DNS rebinding: a foreign name pointed at 127.0.0.1 looks same-origin, but names no loopback host.
      expect(await tryUpgrade(url, { origin: 'http://evil.example:80', host: 'evil.example:80' })).toBe(403)
    })
  }
})

describe('open mode', () => {
  it('needs no token, as a drop-in y-websocket relay', async () => {
    const relay = await relayWith({ mode: 'open' })
    const a = client(relay, 'free', 'a')
    const b = client(relay, 'free', 'b')
    await Promise.all([a.synced(), b.synced()])
    a.type('hello')
    await waitFor(() => b.text.toString() === 'hello', 'the edit to reach b')
  })
})

describe('the relay process', () => {
  it('defaults to links on a non-loopback address, and never prints a token', async () => {
    const relay = await startRelayProcess({ args: ['--host', '0.0.0.0', '--log-level', 'debug'] })
    onTestFinished(() => relay.kill())
    const url = `ws://127.0.0.1:${relay.port}`
    expect((await sendAndAwaitClose(`${url}/doc`)).code).toBe(CloseCode.Unauthorized)
    const created = await fetch(`${relay.httpUrl}/api/docs`, { method: 'POST', body: JSON.stringify({ name: 'doc', text: 'hi' }) })
    expect(created.status).toBe(201)
    const { tokens } = (await created.json()) as { tokens: Record<string, string> }
    const c = connectForTest(url, 'doc', 'c', { token: tokens.view })
    await c.synced()
    await waitFor(() => c.text.toString() === 'hi', 'the text')
    for (const token of Object.values(tokens)) expect(relay.output()).not.toContain(token)
  })

  it('warns when told to run open on a public address', async () => {
    const relay = await startRelayProcess({ args: ['--host', '0.0.0.0', '--access', 'open'] })
    onTestFinished(() => relay.kill())
    expect(relay.output()).toMatch(/access is open on an address other than loopback/)
    expect((await fetch(`${relay.httpUrl}/api/access`).then((r) => r.json())) as unknown).toEqual({ mode: 'open' })
  })
})
