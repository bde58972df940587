import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { type Grant, type GrantRow, type GrantSelector, type GrantStore, grantFromRow } from './grantStore.ts'

/** The grant store's file inside the data directory. */
export const grantFile = 'access.sqlite'

/**
 * The grant store of a relay with a data directory: its own SQLite file, `access.sqlite`, apart
 * from the documents' store. Every write is a transaction synced to disk (`synchronous = FULL`):
 * links are issued and revoked rarely, and a revocation must survive a power cut. Relays on one
 * machine that share the data directory share the links.
 */
export class SqliteGrantStore implements GrantStore {
  private readonly db: Database.Database
  private readonly statements

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, grantFile))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (
        doc TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS grants (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        role TEXT NOT NULL,
        label TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS grants_by_doc ON grants (doc, created_at);
      CREATE TABLE IF NOT EXISTS moved (at INTEGER NOT NULL);
    `)
    const db = this.db
    this.statements = {
      claim: db.prepare<[string, number]>('INSERT OR IGNORE INTO docs (doc, claimed_at) VALUES (?, ?)'),
      hasDoc: db.prepare<[string], number>('SELECT 1 FROM docs WHERE doc = ?').pluck(),
      release: db.prepare<[string]>('DELETE FROM docs WHERE doc = ?'),
      claims: db.prepare<[], { doc: string; at: number }>('SELECT doc, claimed_at AS at FROM docs'),
      all: db.prepare<[], GrantRow>('SELECT * FROM grants ORDER BY created_at, rowid'),
      moved: db.prepare<[], number>('SELECT 1 FROM moved').pluck(),
      markMoved: db.prepare<[number]>('INSERT INTO moved (at) VALUES (?)'),
      add: db.prepare<[string, string, string, string | null, number, number | null]>(
        'INSERT INTO grants (id, doc, role, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      get: db.prepare<[string], GrantRow>('SELECT * FROM grants WHERE id = ?'),
      list: db.prepare<[string], GrantRow>('SELECT * FROM grants WHERE doc = ? ORDER BY created_at, rowid'),
      revokeOne: db.prepare<[number, string, string], { id: string }>(
        'UPDATE grants SET revoked_at = ? WHERE doc = ? AND id = ? AND revoked_at IS NULL RETURNING id',
      ),
      revokeRole: db.prepare<[number, string, string], { id: string }>(
        'UPDATE grants SET revoked_at = ? WHERE doc = ? AND role = ? AND revoked_at IS NULL RETURNING id',
      ),
      revokeAll: db.prepare<[number, string], { id: string }>(
        'UPDATE grants SET revoked_at = ? WHERE doc = ? AND revoked_at IS NULL RETURNING id',
      ),
    }
  }

  async claimDoc(doc: string, at: number): Promise<boolean> {
    return this.statements.claim.run(doc, at).changes === 1
  }
  async hasDoc(doc: string): Promise<boolean> {
    return this.statements.hasDoc.get(doc) !== undefined
  }
  async add(grant: Grant): Promise<void> {
    this.statements.add.run(grant.id, grant.doc, grant.role, grant.label, grant.createdAt, grant.expiresAt)
  }
  async get(id: string): Promise<Grant | null> {
    const row = this.statements.get.get(id)
    return row ? grantFromRow(row) : null
  }
  async list(doc: string): Promise<Grant[]> {
    return this.statements.list.all(doc).map(grantFromRow)
  }
  async revoke(doc: string, which: GrantSelector, at: number): Promise<string[]> {
    const rows =
      which === 'all'
        ? this.statements.revokeAll.all(at, doc)
        : 'id' in which
          ? this.statements.revokeOne.all(at, doc, which.id)
          : this.statements.revokeRole.all(at, doc, which.role)
    return rows.map((row) => row.id)
  }
  async releaseDoc(doc: string): Promise<void> {
    this.statements.release.run(doc)
  }
  /** Whether {@link markMoved} was called: the links here were moved to a store relays share. */
  wasMoved(): boolean {
    return this.statements.moved.get() !== undefined
  }

  /** Records that the links here were moved to a store relays share, at `at`, so they are not moved again. */
  markMoved(at: number): void {
    this.statements.markMoved.run(at)
  }

  /** Every claim and every link kept here, revoked ones included, to move them to a store relays share. */
  everything(): { claims: Array<{ doc: string; at: number }>; grants: Grant[] } {
    return { claims: this.statements.claims.all(), grants: this.statements.all.all().map(grantFromRow) }
  }
  close(): void {
    if (this.db.open) this.db.close()
  }
}
