import type { Sql } from 'postgres'
import { type Grant, type GrantRow, type GrantSelector, type SharedAccess, grantFromRow } from './grantStore.ts'

/**
 * The links and the signing key of relays that share a Postgres database (`--store postgres://`),
 * in its tables `mergepad_claims`, `mergepad_grants` and `mergepad_signing_key` (created by the
 * store's migrations). Every relay checks a link against these rows when it is used, so a link
 * made on one relay opens on all of them, and once revoked on one, opens on none. Uses the store's
 * connection pool; closing the store closes it.
 */
export class PostgresGrantStore implements SharedAccess {
  constructor(private readonly sql: Sql) {}

  async claimDoc(doc: string, at: number): Promise<boolean> {
    const claimed = await this.sql`INSERT INTO mergepad_claims (doc, claimed_at) VALUES (${doc}, ${at}) ON CONFLICT (doc) DO NOTHING`
    return claimed.count === 1
  }

  async hasDoc(doc: string): Promise<boolean> {
    return (await this.sql`SELECT 1 FROM mergepad_claims WHERE doc = ${doc}`).length > 0
  }

  async add(grant: Grant): Promise<void> {
    await this.sql`
      INSERT INTO mergepad_grants (id, doc, role, label, created_at, expires_at, revoked_at)
      VALUES (${grant.id}, ${grant.doc}, ${grant.role}, ${grant.label}, ${grant.createdAt}, ${grant.expiresAt}, ${grant.revokedAt})`
  }

  async get(id: string): Promise<Grant | null> {
    const [row] = await this.sql<GrantRow[]>`SELECT id, doc, role, label, created_at, expires_at, revoked_at FROM mergepad_grants WHERE id = ${id}`
    return row ? grantFromRow(row) : null
  }

  async list(doc: string): Promise<Grant[]> {
    const rows = await this.sql<GrantRow[]>`
      SELECT id, doc, role, label, created_at, expires_at, revoked_at FROM mergepad_grants
      WHERE doc = ${doc} ORDER BY created_at, ord`
    return rows.map(grantFromRow)
  }

  async revoke(doc: string, which: GrantSelector, at: number): Promise<string[]> {
    const id = which !== 'all' && 'id' in which ? which.id : null
    const role = which !== 'all' && 'role' in which ? which.role : null
    const rows = await this.sql<{ id: string }[]>`
      UPDATE mergepad_grants SET revoked_at = ${at}
      WHERE doc = ${doc} AND revoked_at IS NULL
        AND (${id}::text IS NULL OR id = ${id}) AND (${role}::text IS NULL OR role = ${role})
      RETURNING id`
    return rows.map((row) => row.id)
  }

  async releaseDoc(doc: string): Promise<void> {
    await this.sql`DELETE FROM mergepad_claims WHERE doc = ${doc}`
  }

  /**
   * Takes in links a relay kept on its own before it shared this database (its `access.sqlite`):
   * claims and links not here yet are added as they were, and a revocation of a link that is here
   * is kept too. Never makes a revoked link live again.
   */
  async adopt(claims: ReadonlyArray<{ doc: string; at: number }>, grants: readonly Grant[]): Promise<void> {
    await this.sql.begin(async (tx) => {
      for (const { doc, at } of claims) await tx`INSERT INTO mergepad_claims (doc, claimed_at) VALUES (${doc}, ${at}) ON CONFLICT (doc) DO NOTHING`
      for (const g of grants) {
        await tx`
          INSERT INTO mergepad_grants (id, doc, role, label, created_at, expires_at, revoked_at)
          VALUES (${g.id}, ${g.doc}, ${g.role}, ${g.label}, ${g.createdAt}, ${g.expiresAt}, ${g.revokedAt})
          ON CONFLICT (id) DO UPDATE SET revoked_at = coalesce(mergepad_grants.revoked_at, excluded.revoked_at)`
      }
    })
  }

  async keepSigningKey(candidate: () => Promise<string>): Promise<string> {
    const kept = await this.keptKey()
    if (kept !== null) return kept
    await this.sql`INSERT INTO mergepad_signing_key (pem) VALUES (${await candidate()}) ON CONFLICT (only_one) DO NOTHING`
    return (await this.keptKey())!
  }

  async keepFormerKey(publicPem: string): Promise<void> {
    await this.sql`INSERT INTO mergepad_former_keys (pem) VALUES (${publicPem}) ON CONFLICT (pem) DO NOTHING`
  }

  async formerKeys(): Promise<string[]> {
    const rows = await this.sql<{ pem: string }[]>`SELECT pem FROM mergepad_former_keys ORDER BY kept_at`
    return rows.map((row) => row.pem)
  }

  /** The store's pool is the store's to close. */
  close(): void {}

  private async keptKey(): Promise<string | null> {
    const [row] = await this.sql<{ pem: string }[]>`SELECT pem FROM mergepad_signing_key`
    return row?.pem ?? null
  }
}
