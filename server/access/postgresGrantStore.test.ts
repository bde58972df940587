import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ThrowawayPostgres, startPostgres } from '../../test/helpers/postgres.ts'
import { PostgresStore } from '../store/postgresStore.ts'
import { describeGrantStore, grantOf } from './grantStore.contract.ts'

let server: ThrowawayPostgres
beforeAll(async () => {
  server = await startPostgres()
})
afterAll(() => server?.remove())

describeGrantStore('PostgresGrantStore', async () => {
  const url = await server.newDatabase()
  const stores: PostgresStore[] = []
  return {
    open: async () => {
      const store = await PostgresStore.open(url, { max: 2 })
      stores.push(store)
      return store.sharedAccess
    },
    durable: true,
    cleanup: async () => {
      await Promise.all(stores.map((store) => store.close()))
    },
  }
})

describe('relays sharing one Postgres database', () => {
  it('all get the signing key the first of them kept, however many start at once', async () => {
    const url = await server.newDatabase()
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStore.open(url, { max: 2 })))
    try {
      const kept = await Promise.all(stores.map((store, i) => store.sharedAccess.keepSigningKey(async () => `key of relay ${i}`)))
      expect(new Set(kept).size).toBe(1)
      expect(kept[0]).toMatch(/^key of relay \d$/)
      let asked = false
      const later = await stores[0].sharedAccess.keepSigningKey(async () => ((asked = true), 'another key'))
      expect({ later, asked }).toEqual({ later: kept[0], asked: false })
    } finally {
      await Promise.all(stores.map((store) => store.close()))
    }
  })

  it('keep every relay\u2019s former key once, in the order they were kept', async () => {
    const url = await server.newDatabase()
    const [a, b] = await Promise.all([1, 2].map(() => PostgresStore.open(url, { max: 2 })))
    try {
      await a.sharedAccess.keepFormerKey('first')
      await Promise.all([a.sharedAccess.keepFormerKey('second'), b.sharedAccess.keepFormerKey('second')])
      await b.sharedAccess.keepFormerKey('first')
      expect(await b.sharedAccess.formerKeys()).toEqual(['first', 'second'])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })

  it('take in links kept elsewhere as they were, without doubling any or making a revoked one live', async () => {
    const url = await server.newDatabase()
    const store = await PostgresStore.open(url, { max: 2 })
    try {
      const grants = store.sharedAccess
      const old = [grantOf('old-edit', 'memo', 'edit'), { ...grantOf('old-view', 'memo', 'view'), revokedAt: 5_000 }]
      await grants.add(grantOf('new-edit', 'memo', 'edit', 9_000))
      await grants.adopt([{ doc: 'memo', at: 500 }], old)
      await grants.adopt([{ doc: 'memo', at: 500 }], old)
      expect(await grants.hasDoc('memo')).toBe(true)
      expect(await grants.list('memo')).toEqual([...old, grantOf('new-edit', 'memo', 'edit', 9_000)])
      // Of a link it has, only a revocation is taken.
      await grants.revoke('memo', { id: 'old-edit' }, 7_000)
      await grants.adopt([], [{ ...grantOf('new-edit', 'memo', 'edit', 9_000), revokedAt: 9_500 }, grantOf('old-edit', 'memo', 'edit')])
      const revokedAt = Object.fromEntries((await grants.list('memo')).map((g) => [g.id, g.revokedAt]))
      expect(revokedAt).toEqual({ 'old-edit': 7_000, 'old-view': 5_000, 'new-edit': 9_500 })
    } finally {
      await store.close()
    }
  })
})
