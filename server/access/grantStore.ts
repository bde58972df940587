import type { Role } from '../../shared/index.ts'

/** One share link as the relay remembers it. Times are milliseconds since the epoch. */
export interface Grant {
  id: string
  doc: string
  role: Role
  /** Shown as the holder's name to others (view links), and in the owner's list. */
  label: string | null
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
}

/**
 * The links issued for each document and which of them were revoked, plus the documents that are
 * managed by links (claimed when created through the API). Every method is synchronous and
 * durable once it returns. Only links recorded here and not revoked are honoured, so a revoked
 * link never works again, across restarts.
 */
export interface GrantStore {
  /** Claims `doc` for its creator at `at`. Returns false, changing nothing, if it was already claimed. */
  claimDoc(doc: string, at: number): boolean
  /** Whether `doc` has been claimed. */
  hasDoc(doc: string): boolean
  /** Records a new link. */
  add(grant: Grant): void
  /** The link with id `id`, or null. */
  get(id: string): Grant | null
  /** Every link of `doc`, revoked ones included, oldest first. */
  list(doc: string): Grant[]
  /**
   * Revokes, at time `at`, the links of `doc` that `which` selects (one id, every link of a role,
   * or all of them) and that are not revoked yet. Returns the ids it revoked.
   */
  revoke(doc: string, which: { id: string } | { role: Role } | 'all', at: number): string[]
  /** Forgets that `doc` was claimed (its links stay recorded, revoked), so the name can be created again. */
  releaseDoc(doc: string): void
  close(): void
}

/** A grant store in process memory, for relays that keep nothing (`--data :memory:`) and tests. */
export class MemoryGrantStore implements GrantStore {
  private readonly docs = new Set<string>()
  private readonly grants = new Map<string, Grant>()

  claimDoc(doc: string): boolean {
    if (this.docs.has(doc)) return false
    this.docs.add(doc)
    return true
  }
  hasDoc(doc: string): boolean {
    return this.docs.has(doc)
  }
  add(grant: Grant): void {
    this.grants.set(grant.id, { ...grant })
  }
  get(id: string): Grant | null {
    const grant = this.grants.get(id)
    return grant ? { ...grant } : null
  }
  list(doc: string): Grant[] {
    return [...this.grants.values()].filter((g) => g.doc === doc).map((g) => ({ ...g }))
  }
  revoke(doc: string, which: { id: string } | { role: Role } | 'all', at: number): string[] {
    const revoked: string[] = []
    for (const grant of this.grants.values()) {
      if (grant.doc !== doc || grant.revokedAt !== null || !selects(which, grant)) continue
      grant.revokedAt = at
      revoked.push(grant.id)
    }
    return revoked
  }
  releaseDoc(doc: string): void {
    this.docs.delete(doc)
  }
  close(): void {}
}

/** Whether `which` (see {@link GrantStore.revoke}) selects `grant`. */
export function selects(which: { id: string } | { role: Role } | 'all', grant: Grant): boolean {
  if (which === 'all') return true
  return 'id' in which ? grant.id === which.id : grant.role === which.role
}
