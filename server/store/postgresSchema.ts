import type { Sql } from 'postgres'

/**
 * The Postgres store's schema, as the migrations that build it, oldest first: migration `i` takes
 * a database from version `i` to `i + 1`, one statement per string. Never edit one that has
 * shipped; add another. Tables are prefixed, so the store can share a database with others.
 */
const migrations: string[][] = [
  [
    // The highest sequence number each document has reached. Appends bump it in their own
    // transaction, so its row lock hands out a document's numbers one writer at a time, in commit
    // order. Updated in place on every append: half-full pages leave room for in-page updates.
    `CREATE TABLE mergepad_docs (
      name text PRIMARY KEY,
      seq bigint NOT NULL
    ) WITH (fillfactor = 50)`,
    `CREATE TABLE mergepad_log (
      doc text NOT NULL,
      seq bigint NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (doc, seq)
    )`,
    // `seq`: the snapshot holds every log entry up to it.
    `CREATE TABLE mergepad_snapshots (
      doc text PRIMARY KEY,
      seq bigint NOT NULL,
      data bytea NOT NULL,
      compacted_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  [
    // When each document was last appended to, for the catalog's `updatedAt` (null for documents
    // last written before this column existed: the catalog falls back to their last compaction).
    `ALTER TABLE mergepad_docs ADD COLUMN updated_at timestamptz`,
    `ALTER TABLE mergepad_docs ALTER COLUMN updated_at SET DEFAULT now()`,
    // The catalog pages through documents in byte order, whatever the database's collation.
    `CREATE INDEX mergepad_docs_name_bytes ON mergepad_docs (name COLLATE "C")`,
  ],
  // History (see `postgresHistory.ts`): each entry's change record beside it until a compaction
  // files it in a deflated chunk, and the versions people make.
  [
    `ALTER TABLE mergepad_log ADD COLUMN change bytea`,
    `CREATE TABLE mergepad_history_chunks (
      doc text NOT NULL,
      first_seq bigint NOT NULL,
      last_seq bigint NOT NULL,
      changes integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (doc, first_seq)
    )`,
    `CREATE TABLE mergepad_versions (
      id bigserial PRIMARY KEY,
      doc text NOT NULL,
      seq bigint NOT NULL,
      at bigint NOT NULL,
      label text NOT NULL,
      kind text NOT NULL,
      by text,
      restored_from text
    )`,
    `CREATE INDEX mergepad_versions_of_doc ON mergepad_versions (doc, id)`,
  ],
  // The last History panel bundle made of each long document, a cache (`keepBundle`).
  [
    `CREATE TABLE mergepad_history_bundles (
      doc text PRIMARY KEY,
      head bigint NOT NULL,
      versions text NOT NULL,
      data bytea NOT NULL
    )`,
  ],
  // Share links and the key that signs them, which every relay on the database reads
  // (`server/access/postgresGrantStore.ts`). Times are milliseconds since the epoch, fractions
  // kept as the relay's clock gives them; `ord` keeps links made at one moment in order.
  [
    `CREATE TABLE mergepad_claims (
      doc text PRIMARY KEY,
      claimed_at double precision NOT NULL
    )`,
    `CREATE TABLE mergepad_grants (
      id text PRIMARY KEY,
      doc text NOT NULL,
      role text NOT NULL,
      label text,
      created_at double precision NOT NULL,
      expires_at double precision,
      revoked_at double precision,
      ord bigserial NOT NULL
    )`,
    `CREATE INDEX mergepad_grants_of_doc ON mergepad_grants (doc, created_at, ord)`,
    `CREATE TABLE mergepad_signing_key (
      only_one boolean PRIMARY KEY DEFAULT true CHECK (only_one),
      pem text NOT NULL
    )`,
  ],
  // Lives of a document: removing one keeps its counter row, marked removed, with the next
  // generation, so a relay that loaded an earlier life cannot bring it back by writing to it
  // (`postgresStore.ts`).
  [
    `ALTER TABLE mergepad_docs ADD COLUMN generation integer NOT NULL DEFAULT 0`,
    `ALTER TABLE mergepad_docs ADD COLUMN removed boolean NOT NULL DEFAULT false`,
  ],
  // Public keys that signed links before their relay shared the database, so those links still
  // open on every relay (`server/access/formerKeys.ts`).
  [
    `CREATE TABLE mergepad_former_keys (
      pem text PRIMARY KEY,
      kept_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  // Which relay compacts a document next (`claimCompaction` in `postgresStore.ts`): a lease per
  // document. Unlogged: a claim lost with a crash of Postgres only lets another relay compact.
  [
    `CREATE UNLOGGED TABLE mergepad_compaction_claims (
      doc text PRIMARY KEY,
      until timestamptz NOT NULL
    )`,
  ],
  // A compaction ends its claim by keeping the row, with how far it compacted: a claim that waited
  // for its transaction sees that it came too late (a deleted row let it in with a stale count).
  [`ALTER TABLE mergepad_compaction_claims ADD COLUMN through bigint NOT NULL DEFAULT 0`],
]

/** The schema version this code writes. */
export const schemaVersion = migrations.length

/** Key of the advisory lock that lets one process at a time migrate a database ('mergepad'). */
const migrationLock = 0x6d65726765706164n

/**
 * Brings the database to {@link schemaVersion}, applying the missing migrations and recording each
 * in `mergepad_schema_migrations`, in one transaction under an advisory lock: a failed migration
 * changes nothing, and relays starting at once wait for each other instead of racing. Refuses a
 * database written by a newer version. Returns the version the database had.
 */
export async function migrate(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${migrationLock.toString()}::bigint)`
    await tx`CREATE TABLE IF NOT EXISTS mergepad_schema_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`
    const [{ found }] = await tx<[{ found: number }]>`SELECT coalesce(max(version), 0) AS found FROM mergepad_schema_migrations`
    if (found > schemaVersion) {
      throw new Error(`the database has schema version ${found}, newer than this relay's ${schemaVersion}: run a newer relay`)
    }
    for (let version = found; version < schemaVersion; version++) {
      for (const statement of migrations[version]) await tx.unsafe(statement)
      await tx`INSERT INTO mergepad_schema_migrations (version) VALUES (${version + 1})`
    }
    return found
  })
}
