import type Database from 'better-sqlite3'

/**
 * The SQLite store's schema, as the migrations that build it, oldest first: migration `i` takes a
 * database from version `i` to `i + 1`. Never edit one that has shipped; add another.
 */
const migrations: Array<(db: Database.Database) => void> = [
  // 1: a snapshot and a log clustered on (document, sequence number) per document. Relays from
  // before schema versions created exactly these tables, so their files take this step as a no-op;
  // older ones still kept the log in one rowid-ordered table, `updates`, moved here.
  (db) => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS snapshots (
        doc TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        compacted_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS log (
        doc TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (doc, seq)
      ) WITHOUT ROWID;
    `)
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get()) {
      db.exec(`
        INSERT INTO log (doc, seq, data)
          SELECT doc, (SELECT coalesce(max(seq), 0) FROM log WHERE log.doc = updates.doc)
                        + row_number() OVER (PARTITION BY doc ORDER BY seq), data
          FROM updates;
        DROP TABLE updates;
      `)
    }
  },
  // 2: a snapshot records the sequence number it holds the log through, so that numbers go on
  // after a compaction instead of starting over. Earlier snapshots were taken with the whole log
  // dropped and numbering restarted at 1, so they hold the log through 0.
  (db) => db.exec('ALTER TABLE snapshots ADD COLUMN seq INTEGER NOT NULL DEFAULT 0'),
  // 3: when each document was last appended to (milliseconds since the epoch), for the catalog's
  // `updatedAt`; kept by a trigger, so every writer of the file records it.
  (db) =>
    db.exec(`
      CREATE TABLE doc_writes (doc TEXT PRIMARY KEY, updated_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TRIGGER log_written AFTER INSERT ON log BEGIN
        INSERT OR REPLACE INTO doc_writes (doc, updated_at)
          VALUES (NEW.doc, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
      END;
    `),
  // 4: history. A log entry's change record (who, when, which ids it added and deleted) is stored
  // in its row until a compaction moves it into a deflated chunk; versions people make point at a
  // sequence number. Entries from before have no record (NULL): history reads theirs from the
  // update, author unknown, and what snapshots hold from before is where history begins.
  (db) =>
    db.exec(`
      ALTER TABLE log ADD COLUMN change BLOB;
      CREATE TABLE history_chunks (
        doc TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (doc, first_seq)
      ) WITHOUT ROWID;
      CREATE TABLE versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        label TEXT NOT NULL,
        kind TEXT NOT NULL,
        by TEXT,
        restored_from TEXT
      );
      CREATE INDEX versions_of_doc ON versions (doc, id);
    `),
  // 5: history chunks in a rowid table. Kept in the key's b-tree (WITHOUT ROWID), any chunk over
  // about 1 KiB spilled into overflow pages of its own, leaving 40% of their bytes empty; table
  // rows of a few KiB share leaf pages.
  (db) =>
    db.exec(`
      CREATE TABLE history_chunks_rows (
        doc TEXT NOT NULL,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        changes INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      INSERT INTO history_chunks_rows (doc, first_seq, last_seq, changes, data)
        SELECT doc, first_seq, last_seq, changes, data FROM history_chunks ORDER BY doc, first_seq;
      DROP TABLE history_chunks;
      ALTER TABLE history_chunks_rows RENAME TO history_chunks;
      CREATE UNIQUE INDEX history_chunks_of_doc ON history_chunks (doc, first_seq);
    `),
  // 6: the last History panel bundle made of each long document, a cache (`keepBundle`).
  (db) =>
    db.exec(`
      CREATE TABLE history_bundles (
        doc TEXT PRIMARY KEY,
        head INTEGER NOT NULL,
        versions TEXT NOT NULL,
        data BLOB NOT NULL
      );
    `),
]

/** The schema version this code writes. */
export const schemaVersion = migrations.length

/**
 * Brings the database to {@link schemaVersion}, applying the missing migrations and recording each
 * in `schema_migrations`, all in one transaction that holds the write lock from its start, so a
 * failed migration changes nothing and two processes opening one file at once migrate it once.
 * Refuses a database written by a newer version. Returns the version the database had.
 */
export function migrate(db: Database.Database): number {
  return db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)')
    const found = db.prepare<[], number | null>('SELECT max(version) FROM schema_migrations').pluck().get() ?? 0
    if (found > schemaVersion) {
      throw new Error(`${db.name} has schema version ${found}, newer than this relay's ${schemaVersion}: run a newer relay`)
    }
    const record = db.prepare<[number, number]>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
    for (let version = found; version < schemaVersion; version++) {
      migrations[version](db)
      record.run(version + 1, Date.now())
    }
    return found
  }).immediate()
}
