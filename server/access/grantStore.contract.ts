import { beforeEach, describe, expect, it } from 'vitest'
import { type Openable, openedPerTest } from '../store/openedPerTest.ts'
import type { Grant, GrantStore } from './grantStore.ts'

/** How the grant store contract reaches one kind of store. */
export interface GrantStoreUnderTest extends Openable<GrantStore> {
  /** Opens an instance; within one test, durable instances share one fresh database. */
  open(): Promise<GrantStore>
  /** Whether instances share one database (a reopened store sees what the first kept). */
  durable: boolean
}

/** A link to `doc` made at `createdAt`, with the id `id`. */
export function grantOf(id: string, doc: string, role: Grant['role'], createdAt = 1_000): Grant {
  return { id, doc, role, label: null, createdAt, expiresAt: null, revokedAt: null }
}

/**
 * The behaviour every {@link GrantStore} promises, as a Vitest suite: call it from a store's own
 * test file with a function that prepares a fresh database for each test.
 */
export function describeGrantStore(name: string, setup: () => Promise<GrantStoreUnderTest>): void {
  describe(`${name} keeps the GrantStore contract`, () => {
    const perTest = openedPerTest(setup)
    const { open } = perTest
    let grants: GrantStore
    beforeEach(async () => {
      grants = await open()
    })

    it('claims a name once, and again only after it is released', async () => {
      expect(await grants.hasDoc('notes')).toBe(false)
      expect(await grants.claimDoc('notes', 5.25)).toBe(true)
      expect(await grants.claimDoc('notes', 6)).toBe(false)
      expect(await grants.hasDoc('notes')).toBe(true)
      await grants.releaseDoc('notes')
      expect(await grants.hasDoc('notes')).toBe(false)
      expect(await grants.claimDoc('notes', 7)).toBe(true)
    })

    it('returns links as recorded, oldest first and in the order made within one moment', async () => {
      const labelled: Grant = { ...grantOf('b', 'notes', 'view', 2_000), label: 'Ana’s class', expiresAt: 1_760_000_000_000 }
      for (const grant of [grantOf('z', 'notes', 'owner'), grantOf('a', 'notes', 'edit'), labelled, grantOf('c', 'other', 'edit')]) {
        await grants.add(grant)
      }
      expect(await grants.get('b')).toEqual(labelled)
      expect(await grants.get('missing')).toBeNull()
      expect((await grants.list('notes')).map((g) => g.id)).toEqual(['z', 'a', 'b'])
      expect(await grants.list('nothing')).toEqual([])
    })

    it('revokes one link, a role or all of a document’s, each once, and no other document’s', async () => {
      for (const grant of [grantOf('e1', 'notes', 'edit'), grantOf('e2', 'notes', 'edit'), grantOf('v1', 'notes', 'view'), grantOf('o1', 'notes', 'owner'), grantOf('x1', 'other', 'view')]) {
        await grants.add(grant)
      }
      expect(await grants.revoke('notes', { id: 'x1' }, 10)).toEqual([])
      // A relay's clock gives fractions of a millisecond.
      expect(await grants.revoke('notes', { id: 'e1' }, 10.5)).toEqual(['e1'])
      expect((await grants.revoke('notes', { role: 'edit' }, 20)).sort()).toEqual(['e2'])
      expect((await grants.revoke('notes', 'all', 30)).sort()).toEqual(['o1', 'v1'])
      expect(await grants.revoke('notes', 'all', 40)).toEqual([])
      const revokedAt = Object.fromEntries((await grants.list('notes')).map((g) => [g.id, g.revokedAt]))
      expect(revokedAt).toEqual({ e1: 10.5, e2: 20, v1: 30, o1: 30 })
      expect((await grants.get('x1'))?.revokedAt).toBeNull()
    })

    it('keeps claims, links and revocations for the next instance, when durable', async () => {
      if (!perTest.underTest.durable) return
      await grants.claimDoc('kept', 1)
      await grants.add(grantOf('k1', 'kept', 'edit'))
      await grants.add(grantOf('k2', 'kept', 'view'))
      await grants.revoke('kept', { id: 'k2' }, 50)
      const again = await open()
      expect(await again.hasDoc('kept')).toBe(true)
      expect((await again.list('kept')).map((g) => [g.id, g.revokedAt])).toEqual([
        ['k1', null],
        ['k2', 50],
      ])
    })
  })
}
