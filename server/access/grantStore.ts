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

/** A link as the SQLite and Postgres grant stores keep it: a row of their `grants` tables. */
export interface GrantRow {
  id: string
  doc: string
  role: Role
  label: string | null
  created_at: number
  expires_at: number | null
  revoked_at: number | null
}

/** The link a {@link GrantRow} holds. */
export function grantFromRow(row: GrantRow): Grant {
  return {
    id: row.id,
    doc: row.doc,
    role: row.role,
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

/** Which links of a document a revocation selects: one id, every link of a role, or all of them. */
export type GrantSelector = { id: string } | { role: Role } | 'all'

/**
 * The links issued for each document and which of them were revoked, plus the documents that are
 * managed by links (claimed when created through the API). Every change is durable once its
 * promise resolves. Only links recorded here and not revoked are honoured, so a revoked link never
 * works again, across restarts (and, in a store that relays share, on any of them).
 */
export interface GrantStore {
  /** Claims `doc` for its creator at `at`. Resolves false, changing nothing, if it was already claimed. */
  claimDoc(doc: string, at: number): Promise<boolean>
  /** Whether `doc` has been claimed. */
  hasDoc(doc: string): Promise<boolean>
  /** Records a new link. */
  add(grant: Grant): Promise<void>
  /** The link with id `id`, or null. */
  get(id: string): Promise<Grant | null>
  /** Every link of `doc`, revoked ones included, oldest first. */
  list(doc: string): Promise<Grant[]>
  /** Revokes, at time `at`, the links of `doc` that `which` selects and that are not revoked yet. Resolves with the ids it revoked. */
  revoke(doc: string, which: GrantSelector, at: number): Promise<string[]>
  /** Forgets that `doc` was claimed (its links stay recorded, revoked), so the name can be created again. */
  releaseDoc(doc: string): Promise<void>
  close(): void
}

/**
 * Links and the signing key kept where several relays read them, as a Postgres store does, so a
 * link made on one relay opens on every other, on whichever machine.
 */
export interface SharedAccess extends GrantStore {
  /**
   * The signing key's PKCS#8 PEM kept there. When none is kept yet, keeps the one `candidate`
   * gives; of relays starting together, the first kept wins and every relay gets that one.
   */
  keepSigningKey(candidate: () => Promise<string>): Promise<string>
  /**
   * Keeps `publicPem` (an SPKI PEM) among the former keys, whose links still open: the key a relay
   * signed its links with before it shared the store, when another was kept there already.
   */
  keepFormerKey(publicPem: string): Promise<void>
  /** The former keys kept by {@link keepFormerKey}. */
  formerKeys(): Promise<string[]>
  /** Adds claims and links kept elsewhere before, as they were; of a link it has, takes only a revocation. */
  adopt(claims: ReadonlyArray<{ doc: string; at: number }>, grants: readonly Grant[]): Promise<void>
}

/** A grant store in process memory, for relays that keep nothing (`--data :memory:`) and tests. */
export class MemoryGrantStore implements GrantStore {
  private readonly docs = new Set<string>()
  private readonly grants = new Map<string, Grant>()

  async claimDoc(doc: string): Promise<boolean> {
    if (this.docs.has(doc)) return false
    this.docs.add(doc)
    return true
  }
  async hasDoc(doc: string): Promise<boolean> {
    return this.docs.has(doc)
  }
  async add(grant: Grant): Promise<void> {
    this.grants.set(grant.id, { ...grant })
  }
  async get(id: string): Promise<Grant | null> {
    const grant = this.grants.get(id)
    return grant ? { ...grant } : null
  }
  async list(doc: string): Promise<Grant[]> {
    return [...this.grants.values()].filter((g) => g.doc === doc).map((g) => ({ ...g }))
  }
  async revoke(doc: string, which: GrantSelector, at: number): Promise<string[]> {
    const revoked: string[] = []
    for (const grant of this.grants.values()) {
      if (grant.doc !== doc || grant.revokedAt !== null || !selects(which, grant)) continue
      grant.revokedAt = at
      revoked.push(grant.id)
    }
    return revoked
  }
  async releaseDoc(doc: string): Promise<void> {
    this.docs.delete(doc)
  }
  close(): void {}
}

/** Whether `which` (see {@link GrantStore.revoke}) selects `grant`. */
export function selects(which: GrantSelector, grant: Grant): boolean {
  if (which === 'all') return true
  return 'id' in which ? grant.id === which.id : grant.role === which.role
}
