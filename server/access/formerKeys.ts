import { importSPKI } from 'jose'
import type { Clock } from '../clock.ts'

/**
 * The public keys of signing keys that relays used before they shared a store: links they made
 * then were signed with them, and still open on every relay of the store. Read from the store at
 * start, and again (at most once a second) when a token fails every key held, since a relay
 * moved onto the store later may have kept its key there since.
 */
export class FormerKeys {
  private readonly held: CryptoKey[] = []
  private readonly pems = new Set<string>()
  private readAt = Number.NEGATIVE_INFINITY
  private reading: Promise<boolean> | null = null

  constructor(
    private readonly read: () => Promise<string[]>,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly refreshMs = 1000,
  ) {}

  /** The keys held now. */
  get keys(): readonly CryptoKey[] {
    return this.held
  }

  /**
   * Reads the store's keys again unless it was read less than `refreshMs` ago (or is being read);
   * resolves with whether a key was added. A key that does not parse is skipped. Never rejects.
   */
  refresh(): Promise<boolean> {
    if (this.reading) return this.reading
    if (this.clock.now() - this.readAt < this.refreshMs) return Promise.resolve(false)
    this.readAt = this.clock.now()
    this.reading = this.readNew().finally(() => (this.reading = null))
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
