import { exportSPKI } from 'jose'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../test/helpers/fakes.ts'
import { FormerKeys } from './formerKeys.ts'
import { loadOrCreateSigningKey } from './signingKey.ts'

describe('FormerKeys', () => {
  it('reads the store again only when asked and not within refreshMs, adding the keys it lacks', async () => {
    const clock = new ManualClock()
    const stored: string[] = []
    let reads = 0
    const former = new FormerKeys(async () => (reads++, [...stored]), clock, 10_000)
    expect(await former.refresh()).toBe(false)
    expect(former.keys).toHaveLength(0)

    // A key kept just after that read: asked for within refreshMs, the next read waits for it.
    stored.push(await exportSPKI((await loadOrCreateSigningKey(null)).publicKey), 'not a key')
    const waiting = former.refresh()
    expect(former.refresh()).toBe(waiting)
    clock.advance(9_999)
    await Promise.resolve()
    expect(reads).toBe(1)
    clock.advance(1)
    expect(await waiting).toBe(true)
    expect([reads, former.keys.length]).toEqual([2, 1])

    clock.advance(10_000)
    expect(await former.refresh()).toBe(false)
    expect([reads, former.keys.length]).toEqual([3, 1])
  })

  it('keeps the keys it holds when the store cannot be read', async () => {
    const clock = new ManualClock()
    const pem = await exportSPKI((await loadOrCreateSigningKey(null)).publicKey)
    let down = false
    const former = new FormerKeys(async () => (down ? Promise.reject(new Error('store down')) : [pem]), clock, 0)
    expect(await former.refresh()).toBe(true)
    down = true
    expect(await former.refresh()).toBe(false)
    expect(former.keys).toHaveLength(1)
  })
})
