import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { type AccessMode, CloseCode, type Role, roleAtLeast } from '../../shared/index.ts'
import type { Clock } from '../clock.ts'
import { signToken, verifyToken } from './accessToken.ts'
import type { Grant, GrantSelector, GrantStore } from './grantStore.ts'
import { LiveConnections } from './liveConnections.ts'
import type { FormerKeys } from './formerKeys.ts'
import type { SigningKey } from './signingKey.ts'

export interface AccessControlOptions {
  mode: AccessMode
  key: SigningKey
  /** Keys that signed links before their relay shared the store, which still check them. */
  formerKeys?: FormerKeys
  grants: GrantStore
  /** The operator's bearer token for the HTTP API (`--admin-token`), or null for none. */
  adminToken?: string | null
  clock: Clock
}

/**
 * What a room is told about a peer it admits. The same fields as the room's `JoinOptions`:
 * `canWrite` false makes the peer read-only; `displayName` replaces the `user.name` it claims.
 */
export interface AccessJoinOptions {
  canWrite?: boolean
  displayName?: string
  /** Who history records the peer's changes as: the link's holder (its label), when it has one. */
  author?: string
}

/** Whether a WebSocket connection may open a document, and how; or the close code refusing it. */
export type Admission =
  | { ok: true; grantId: string | null; expiresAt: number | null; join: AccessJoinOptions }
  | { ok: false; code: CloseCode; reason: string }

/**
 * Who an HTTP API request acts as (and the label of the link whose token it carries, which names
 * its holder), or the status refusing it.
 */
export type Authority = { ok: true; as: 'admin' | 'open' | Role; label: string | null } | { ok: false; status: 401 | 403; error: string }

/** A link just issued: what was recorded, and its token. */
export interface IssuedLink {
  grant: Grant
  token: string
}

type TokenProblem = 'unauthorized' | 'forbidden' | 'expired' | 'revoked'

const closeCodeFor: Record<TokenProblem, CloseCode> = {
  unauthorized: CloseCode.Unauthorized,
  forbidden: CloseCode.Forbidden,
  expired: CloseCode.TokenExpired,
  revoked: CloseCode.LinkRevoked,
}

/** Name shown for a view link's holder when the link has no label. */
export const defaultViewerName = 'Viewer'

/**
 * Who may read and write which document. In `links` mode a connection or API request needs a
 * token this relay signed, recorded in its grant store and not revoked, for that very document;
 * in `open` mode documents need nothing (the admin token still guards the list of documents).
 * Revoking a link or deleting a document closes, at once, every live connection it opened; a
 * sweep closes connections whose token expired. Never logs a token.
 */
export class AccessControl {
  readonly mode: AccessMode
  readonly live = new LiveConnections()
  /** Told of every revocation made here, with the ids revoked (a cluster tells the other relays). */
  onRevoked: ((doc: string, ids: string[]) => void) | null = null
  private readonly deleting = new Set<string>()
  /**
   * Links revoked here or announced as revoked in the last minute: an admission that read its link
   * before the revocation was stored, and ends after its connections were closed, is refused by
   * {@link recheck} instead of letting the connection in.
   */
  private readonly revokedLately = new Set<string>()
  private readonly adminDigest: Buffer | null

  constructor(private readonly options: AccessControlOptions) {
    this.mode = options.mode
    this.adminDigest = options.adminToken ? digest(options.adminToken) : null
  }

  /** Whether an admin token is configured. */
  get hasAdminToken(): boolean {
    return this.adminDigest !== null
  }

  /** Decides whether a WebSocket connection carrying `token` (or none) may open `doc`. */
  async admit(doc: string, token: string | null): Promise<Admission> {
    if (this.deleting.has(doc)) return { ok: false, code: CloseCode.DocumentDeleted, reason: 'this document is being deleted' }
    if (this.mode === 'open') return { ok: true, grantId: null, expiresAt: null, join: {} }
    if (token === null) {
      return { ok: false, code: CloseCode.Unauthorized, reason: 'this document needs a link: connect with the token of a share link' }
    }
    const checked = await this.check(token, doc)
    if (!checked.ok) return { ok: false, code: closeCodeFor[checked.problem], reason: checked.reason }
    const { grant } = checked
    const join: AccessJoinOptions = { canWrite: grant.role !== 'view' }
    if (grant.role === 'view') join.displayName = grant.label ?? defaultViewerName
    if (grant.label) join.author = grant.label
    return this.recheck(doc, { ok: true, grantId: grant.id, expiresAt: grant.expiresAt, join })
  }

  /**
   * `admission` as it stands now: a refusal if, while the link was being read, the document began
   * to be deleted or the link was revoked. Call it in the same turn as registering the connection
   * in {@link live}, which from then on closes it on any deletion or revocation.
   */
  recheck(doc: string, admission: Admission): Admission {
    if (!admission.ok) return admission
    if (this.deleting.has(doc)) return { ok: false, code: CloseCode.DocumentDeleted, reason: 'this document is being deleted' }
    if (admission.grantId !== null && this.revokedLately.has(admission.grantId)) {
      return { ok: false, code: CloseCode.LinkRevoked, reason: 'the owner revoked this link' }
    }
    return admission
  }

  /**
   * Decides whether an API request with bearer token `bearer` (or none) may act on `doc` with
   * role `needed`, or do what only the operator may (`'admin'`, `doc` null). The admin token is
   * compared in constant time.
   */
  async authorize(bearer: string | null, doc: string | null, needed: Role | 'admin'): Promise<Authority> {
    if (bearer !== null && this.isAdmin(bearer)) return { ok: true, as: 'admin', label: null }
    if (needed === 'admin' || doc === null) {
      if (this.mode === 'open' && !this.hasAdminToken) return { ok: true, as: 'open', label: null }
      if (!this.hasAdminToken) return { ok: false, status: 403, error: 'this needs the admin token; start the relay with --admin-token' }
      return { ok: false, status: bearer === null ? 401 : 403, error: 'this needs the admin token' }
    }
    if (this.mode === 'open') {
      // Open documents need nothing; a valid token still says who is asking.
      const checked = bearer === null ? null : await this.check(bearer, doc)
      const known = checked?.ok && roleAtLeast(checked.grant.role, needed) ? checked.grant : null
      return { ok: true, as: known?.role ?? 'open', label: known?.label ?? null }
    }
    if (bearer === null) return { ok: false, status: 401, error: 'this needs a bearer token: a link token for this document, or the admin token' }
    const checked = await this.check(bearer, doc)
    if (!checked.ok) return { ok: false, status: checked.problem === 'forbidden' ? 403 : 401, error: checked.reason }
    if (!roleAtLeast(checked.grant.role, needed)) {
      return { ok: false, status: 403, error: `this needs the ${needed} role; the token has ${checked.grant.role}` }
    }
    return { ok: true, as: checked.grant.role, label: checked.grant.label }
  }

  /**
   * Issues a link to `doc` with `role`, expiring after `expiresInSeconds` (never when null), and
   * records it; `label` names its holder.
   */
  async issue(doc: string, role: Role, { expiresInSeconds = null, label = null }: { expiresInSeconds?: number | null; label?: string | null } = {}): Promise<IssuedLink> {
    const now = this.options.clock.now()
    const issuedAt = Math.floor(now / 1000)
    const grant: Grant = {
      id: randomBytes(12).toString('base64url'),
      doc,
      role,
      label,
      createdAt: issuedAt * 1000,
      expiresAt: expiresInSeconds === null ? null : (issuedAt + Math.ceil(expiresInSeconds)) * 1000,
      revokedAt: null,
    }
    await this.options.grants.add(grant)
    return { grant, token: await this.tokenOf(grant) }
  }

  /** The token of a recorded link: signing is deterministic, so it is the one issued. */
  tokenOf(grant: Grant): Promise<string> {
    return signToken(this.options.key, {
      doc: grant.doc,
      role: grant.role,
      id: grant.id,
      issuedAt: Math.floor(grant.createdAt / 1000),
      expiresAt: grant.expiresAt === null ? null : Math.floor(grant.expiresAt / 1000),
    })
  }

  /** Every link of `doc`, revoked ones included. */
  links(doc: string): Promise<Grant[]> {
    return this.options.grants.list(doc)
  }

  /** Claims `doc` for a creator; false if it is already claimed. */
  claim(doc: string): Promise<boolean> {
    return this.options.grants.claimDoc(doc, this.options.clock.now())
  }

  /** Whether `doc` was created through the API (and not deleted since). */
  isClaimed(doc: string): Promise<boolean> {
    return this.options.grants.hasDoc(doc)
  }

  /** Undoes a {@link claim} whose creation failed: revokes the links issued so far and releases the name. */
  async abandon(doc: string): Promise<void> {
    await this.options.grants.revoke(doc, 'all', this.options.clock.now())
    await this.options.grants.releaseDoc(doc)
  }

  /**
   * Revokes the links of `doc` that `which` selects and closes every connection opened with them,
   * with {@link CloseCode.LinkRevoked}. Returns the ids revoked.
   */
  async revoke(doc: string, which: GrantSelector): Promise<string[]> {
    const ids = await this.options.grants.revoke(doc, which, this.options.clock.now())
    if (ids.length > 0) {
      this.closeRevoked(doc, ids)
      this.onRevoked?.(doc, ids)
    }
    return ids
  }

  /** Closes every connection to `doc` opened with one of the links `ids`, with {@link CloseCode.LinkRevoked}. */
  closeRevoked(doc: string, ids: readonly string[]): void {
    this.rememberRevoked(ids)
    const revoked = new Set(ids)
    this.live.close(doc, CloseCode.LinkRevoked, 'the owner revoked this link', (c) => c.grantId !== null && revoked.has(c.grantId))
  }

  /**
   * Starts deleting `doc`: new connections are refused, every link is revoked and every open
   * connection is closed with {@link CloseCode.DocumentDeleted}. Call {@link endDelete} once the
   * document is gone from the store.
   */
  async beginDelete(doc: string): Promise<void> {
    this.deleting.add(doc)
    try {
      this.rememberRevoked(await this.options.grants.revoke(doc, 'all', this.options.clock.now()))
    } catch (error) {
      this.deleting.delete(doc)
      throw error
    }
    this.live.close(doc, CloseCode.DocumentDeleted, 'the document was deleted')
  }

  /**
   * Ends a deletion begun with {@link beginDelete}; the name may be created again. Links made
   * while it ran (a request that had passed its checks before) are revoked too.
   */
  async endDelete(doc: string): Promise<void> {
    try {
      this.rememberRevoked(await this.options.grants.revoke(doc, 'all', this.options.clock.now()))
      await this.options.grants.releaseDoc(doc)
    } finally {
      this.deleting.delete(doc)
    }
  }

  /** Closes connections as their tokens expire, checking every `intervalMs`. Returns the stop function. */
  startExpiry(intervalMs = 250): () => void {
    return this.options.clock.every(intervalMs, () => {
      this.live.closeExpired(this.options.clock.now(), CloseCode.TokenExpired, 'the link has expired')
    })
  }

  close(): void {
    this.options.grants.close()
  }

  /** Keeps `ids` in {@link revokedLately} for a minute. */
  private rememberRevoked(ids: readonly string[]): void {
    if (ids.length === 0) return
    for (const id of ids) this.revokedLately.add(id)
    this.options.clock.after(revocationRaceMs, () => {
      for (const id of ids) this.revokedLately.delete(id)
    })
  }

  private isAdmin(bearer: string): boolean {
    return this.adminDigest !== null && timingSafeEqual(digest(bearer), this.adminDigest)
  }

  private async check(token: string, doc: string): Promise<{ ok: true; grant: Grant } | { ok: false; problem: TokenProblem; reason: string }> {
    const { key, formerKeys } = this.options
    let verified = await verifyToken(key, token, this.options.clock.now(), formerKeys?.keys)
    // Signed by none of the keys held: a relay moved onto the store since may have kept its key there.
    if (!verified.ok && verified.problem === 'forged' && (await formerKeys?.refresh())) {
      verified = await verifyToken(key, token, this.options.clock.now(), formerKeys!.keys)
    }
    if (!verified.ok) return { ok: false, problem: verified.problem === 'expired' ? 'expired' : 'unauthorized', reason: verified.reason }
    const { claims } = verified
    const grant = await this.options.grants.get(claims.id)
    if (!grant || grant.doc !== claims.doc || grant.role !== claims.role) {
      return { ok: false, problem: 'unauthorized', reason: 'the link is not known to this server' }
    }
    if (grant.revokedAt !== null) return { ok: false, problem: 'revoked', reason: 'the owner revoked this link' }
    if (claims.doc !== doc) return { ok: false, problem: 'forbidden', reason: 'this link is for another document' }
    return { ok: true, grant }
  }
}

/** How long a revocation is remembered apart from the grant store, longer than any read of it takes. */
const revocationRaceMs = 60_000

/** Fixed-length digests, so that comparing them in constant time hides the token's length too. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
