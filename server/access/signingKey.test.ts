import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { exportPKCS8, exportSPKI } from 'jose'
import { describe, expect, it } from 'vitest'
import { MemoryGrantStore, type SharedAccess } from './grantStore.ts'
import { loadOrCreateSigningKey, sharedSigningKey } from './signingKey.ts'

/** A store relays share, in memory: it keeps the first key offered. */
class MemoryShared extends MemoryGrantStore implements SharedAccess {
  kept: string | null = null
  async keepSigningKey(candidate: () => Promise<string>): Promise<string> {
    this.kept ??= await candidate()
    return this.kept
  }
  readonly former: string[] = []
  async keepFormerKey(publicPem: string): Promise<void> {
    if (!this.former.includes(publicPem)) this.former.push(publicPem)
  }
  async formerKeys(): Promise<string[]> {
    return [...this.former]
  }
  async adopt(): Promise<void> {}
}

const keyFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-key-')), 'access-key.pem')

describe('the signing key of relays sharing a store', () => {
  it('is the first relay’s own key when it has one, and the same for every relay after', async () => {
    const shared = new MemoryShared()
    const first = keyFile()
    const own = await loadOrCreateSigningKey(first)
    const kept = await sharedSigningKey(shared, first)
    expect(kept.ownKeyDiffers).toBe(false)
    expect(await exportPKCS8(kept.key.privateKey)).toBe(await exportPKCS8(own.privateKey))

    const second = keyFile()
    await loadOrCreateSigningKey(second)
    const other = await sharedSigningKey(shared, second)
    expect(other.ownKeyDiffers).toBe(true)
    // The second relay's own key still checks the links it made: its public half is kept.
    expect(shared.former).toEqual([await exportSPKI((await loadOrCreateSigningKey(second)).publicKey)])
    expect(await exportPKCS8(other.key.privateKey)).toBe(shared.kept)
    expect((await sharedSigningKey(shared, null)).ownKeyDiffers).toBe(false)
  })

  it('refuses a key file that holds no key, keeping nothing', async () => {
    const shared = new MemoryShared()
    const broken = keyFile()
    fs.writeFileSync(broken, '')
    await expect(sharedSigningKey(shared, broken)).rejects.toThrow(broken)
    expect(shared.kept).toBeNull()
  })
})
