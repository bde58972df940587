import { importSPKI } from 'jose'
import type { Clock } from '../clock.ts'

/**
 * The public keys of signing keys that relays used before they shared a store: links they made
 * then were signed with them, and still open on every relay of the store. Read from the store at
 * start, and again (at most once a second) when a token fails every key held, since a relay
 * moved onto the store later may have kept its key there since. A token that fails within a
 * second of the last read waits for the next one rather than being refused: a link made on a
 * relay that has just moved onto the store opens as soon as that relay has kept its key.
 */
export class FormerKeys {
  private readonly held: CryptoKey[] = []
  private readonly pems = new Set<string>()
  private readAt = Number.NEGATIVE_INFINITY
  private reading: Promise<boolean> | null = null

  constructor(
    private readonly read: () => Promise<string[]>,
    private readonly clock: Pick<Clock, 'now' | 'after'>,
    private readonly refreshMs = 1000,
  ) {}

  /** The keys held now. */
  get keys(): readonly CryptoKey[] {
    return this.held
  }

  /**
   * Reads the store's keys again, at most once every `refreshMs`: within that time of the last
   * read, it waits until the time has passed. Calls made while a read waits or runs share it.
   * Resolves with whether a key was added. A key that does not parse is skipped. Never rejects.
   */
  refresh(): Promise<boolean> {
    if (this.reading) return this.reading
    const wait = this.readAt + this.refreshMs - this.clock.now()
    const due = wait > 0 ? new Promise<void>((resolve) => this.clock.after(wait, resolve)) : Promise.resolve()
    this.reading = due
      .then(() => {
        this.readAt = this.clock.now()
        return this.readNew()
      })
      .finally(() => (this.reading = null))
    return this.reading
  }

  private async readNew(): Promise<boolean> {
    let added = false
    try {
      for (const pem of await this.read()) {
        if (this.pems.has(pem)) continue
        this.pems.add(pem)
        try {
          this.held.push((await importSPKI(pem, 'EdDSA')) as CryptoKey)
          added = true
        } catch {
          // Not an Ed25519 public key: it checks nothing.
        }
      }
    } catch {
      // The store cannot be read now: the keys held stay, and a later token asks again.
    }
    return added
  }
}
