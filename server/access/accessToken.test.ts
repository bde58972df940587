import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SignJWT } from 'jose'
import * as prng from 'lib0/prng'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../test/helpers/seed.ts'
import { signToken, verifyToken } from './accessToken.ts'
import { loadOrCreateSigningKey } from './signingKey.ts'

const key = await loadOrCreateSigningKey(null)
const now = Date.UTC(2030, 0, 1)
const claims = { doc: 'team/plan', role: 'edit' as const, id: 'abc', issuedAt: now / 1000, expiresAt: null }

describe('share-link tokens', () => {
  it('round-trip their claims, and sign the same claims to the same token', async () => {
    const token = await signToken(key, claims)
    expect(await signToken(key, claims)).toBe(token)
    expect(await verifyToken(key, token, now)).toEqual({ ok: true, claims })
  })

  it('are refused when expired, signed by another key, unsigned, or symmetric-signed', async () => {
    const expiring = await signToken(key, { ...claims, expiresAt: now / 1000 + 60 })
    expect(await verifyToken(key, expiring, now + 59_000)).toMatchObject({ ok: true })
    expect(await verifyToken(key, expiring, now + 61_000)).toMatchObject({ ok: false, problem: 'expired' })

    const other = await loadOrCreateSigningKey(null)
    expect(await verifyToken(key, await signToken(other, claims), now)).toMatchObject({ ok: false, problem: 'forged' })
    const [, payload] = (await signToken(key, claims)).split('.')
    expect(await verifyToken(key, `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`, now)).toMatchObject({ ok: false, problem: 'malformed' })
    const hs = await new SignJWT({ doc: 'team/plan', role: 'owner' }).setProtectedHeader({ alg: 'HS256' }).setJti('x').setIssuedAt().sign(new Uint8Array(32))
    expect(await verifyToken(key, hs, now)).toMatchObject({ ok: false })
    const noRole = await new SignJWT({ doc: 'x' }).setProtectedHeader({ alg: 'EdDSA' }).setJti('x').setIssuedAt().sign(key.privateKey)
    expect(await verifyToken(key, noRole, now)).toMatchObject({ ok: false, problem: 'malformed' })
  })

  it('are accepted when a former key signed them, and stay refused when no key held did', async () => {
    const [former, stranger] = await Promise.all([loadOrCreateSigningKey(null), loadOrCreateSigningKey(null)])
    const old = await signToken(former, claims)
    expect(await verifyToken(key, old, now)).toMatchObject({ ok: false, problem: 'forged' })
    expect(await verifyToken(key, old, now, [stranger.publicKey, former.publicKey])).toEqual({ ok: true, claims })
    expect(await verifyToken(key, await signToken(key, claims), now, [former.publicKey])).toEqual({ ok: true, claims })
    expect(await verifyToken(key, await signToken(stranger, claims), now, [former.publicKey])).toMatchObject({ ok: false, problem: 'forged' })
    const expired = await signToken(former, { ...claims, expiresAt: now / 1000 - 1 })
    expect(await verifyToken(key, expired, now, [former.publicKey])).toMatchObject({ ok: false, problem: 'expired' })
  })

  it('never throw on hostile input', async () => {
    const { gen } = seededRandom('hostile tokens')
    const real = await signToken(key, claims)
    const inputs: unknown[] = [undefined, null, 42, {}, '', '...', 'a'.repeat(10_000), real + '.', real.replace(/\./g, '')]
    for (let i = 0; i < 300; i++) {
      const chars = [...real]
      chars[prng.int32(gen, 0, chars.length - 1)] = String.fromCharCode(prng.int32(gen, 0, 0xffff))
      inputs.push(chars.join(''), prng.word(gen, 0, 300), Buffer.from(prng.uint8Array(gen, 200)).toString('latin1'))
    }
    for (const input of inputs) {
      const checked = await verifyToken(key, input, now)
      if (checked.ok) expect(checked.claims).toEqual(claims)
    }
  })

  it('are signed with one key by relays that make the key file together', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-key-'))
    try {
      const file = path.join(dir, 'access-key.pem')
      const [first, second] = await Promise.all([loadOrCreateSigningKey(file), loadOrCreateSigningKey(file)])
      expect(await verifyToken(second, await signToken(first, claims), now)).toEqual({ ok: true, claims })
      expect(await verifyToken(first, await signToken(await loadOrCreateSigningKey(file), claims), now)).toEqual({ ok: true, claims })
      expect(fs.readdirSync(dir)).toEqual(['access-key.pem'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
