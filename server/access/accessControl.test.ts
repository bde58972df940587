import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../test/helpers/fakes.ts'
import { AccessControl } from './accessControl.ts'
import { type Grant, MemoryGrantStore } from './grantStore.ts'
import { loadOrCreateSigningKey } from './signingKey.ts'

/**
 * A grant store whose reads answer with what was stored when asked, but only once `release` is
 * called, as a slow database would; `read` resolves once a held read has looked.
 */
class SlowReads extends MemoryGrantStore {
  private gate: Promise<void> = Promise.resolve()
  private looked = () => {}
  release = () => {}
  read: Promise<void> = Promise.resolve()
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve))
    this.read = new Promise((resolve) => (this.looked = resolve))
  }
  override async get(id: string): Promise<Grant | null> {
    const found = await super.get(id)
    this.looked()
    await this.gate
    return found
  }
}

async function linksRelay() {
  const clock = new ManualClock()
  clock.time = Date.now()
  const grants = new SlowReads()
  const access = new AccessControl({ mode: 'links', key: await loadOrCreateSigningKey(null), grants, clock })
  await access.claim('memo')
  const { token, grant } = await access.issue('memo', 'edit')
  return { access, grants, clock, token, grant }
}

describe('AccessControl, when a link is read while it is being revoked', () => {
  it('refuses the connection the revocation missed, for a minute after it', async () => {
    const { access, grants, clock, token, grant } = await linksRelay()
    grants.hold()
    const admitting = access.admit('memo', token)
    await grants.read
    expect(await access.revoke('memo', { id: grant.id })).toEqual([grant.id])
    grants.release()
    expect(await admitting).toMatchObject({ ok: false, code: 4410 })

    // Later admissions read the revocation itself.
    clock.advance(61_000)
    expect(await access.admit('memo', token)).toMatchObject({ ok: false, code: 4410 })
  })

  it('refuses a connection whose link was read before its document was deleted', async () => {
    const { access, grants, token } = await linksRelay()
    grants.hold()
    const admitting = access.admit('memo', token)
    await grants.read
    await access.beginDelete('memo')
    expect(access.recheck('memo', { ok: true, grantId: null, expiresAt: null, join: {} })).toMatchObject({ ok: false, code: 4411 })
    await access.endDelete('memo')
    grants.release()
    expect((await admitting).ok).toBe(false)
  })

  it('revokes a link made while its document was being deleted', async () => {
    const { access } = await linksRelay()
    await access.beginDelete('memo')
    const late = await access.issue('memo', 'owner')
    await access.endDelete('memo')
    expect((await access.links('memo')).find((g) => g.id === late.grant.id)?.revokedAt).not.toBeNull()
    expect((await access.admit('memo', late.token)).ok).toBe(false)
  })

  it('lets in a connection whose link stays live', async () => {
    const { access, grants, token, grant } = await linksRelay()
    grants.hold()
    const admitting = access.admit('memo', token)
    grants.release()
    expect(await admitting).toMatchObject({ ok: true, grantId: grant.id })
  })
})
