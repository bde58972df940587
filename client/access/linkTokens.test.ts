import { describe, expect, it } from 'vitest'
import { signToken } from '../../server/access/accessToken.ts'
import { loadOrCreateSigningKey } from '../../server/access/signingKey.ts'
import { describeExpiry } from '../share/linkManager.ts'
import { readToken } from './linkTokens.ts'

describe('readToken', () => {
  it('reads the document, role and expiry a share-link token claims', async () => {
    const key = await loadOrCreateSigningKey(null)
    const token = await signToken(key, { doc: 'team/plan', role: 'view', id: 'x', issuedAt: 1_900_000_000, expiresAt: 1_900_086_400 })
    expect(readToken(token)).toEqual({ token, doc: 'team/plan', role: 'view', expiresAt: 1_900_086_400_000 })
  })

  it('gives null for anything else', () => {
    for (const junk of ['', 'abc', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJkb2MiOjF9.']) expect(readToken(junk)).toBeNull()
  })
})

describe('describeExpiry', () => {
  it('words the time a link has left', () => {
    const now = Date.UTC(2030, 0, 1)
    expect(describeExpiry(null, now)).toBe('Never expires')
    expect(describeExpiry(new Date(now + 30 * 60_000).toISOString(), now)).toBe('Expires in 30 min')
    expect(describeExpiry(new Date(now + 24 * 3_600_000).toISOString(), now)).toBe('Expires in 24 h')
    expect(describeExpiry(new Date(now + 7 * 86_400_000).toISOString(), now)).toBe('Expires in 7 days')
    expect(describeExpiry(new Date(now - 1).toISOString(), now)).toBe('Expired')
  })
})
