import postgres, { type Sql } from 'postgres'
import type { SharedAccess } from '../access/grantStore.ts'
import { PostgresGrantStore } from '../access/postgresGrantStore.ts'
import { encodeRawChange } from '../history/changeCodec.ts'
import type { ChangeInput, ChangeRecord, ChangeVisitor } from '../history/changeRecord.ts'
import {
  type LogEntry,
  DocumentRemovedError,
  type CompactionClaim,
  LogCompactedError,
  type StoredDoc,
  StoreClosedError,
  checkCompaction,
  checkSeq,
} from './docStore.ts'
import type { CatalogedStore, DocCatalog } from './docCatalog.ts'
import { PostgresCatalog } from './postgresCatalog.ts'
import { type HistoryStore, type KeptBundle, type NewVersion, type StoredVersion, collectChanges } from './historyStore.ts'
import { PostgresHistory } from './postgresHistory.ts'
import { migrate } from './postgresSchema.ts'
import { byteaArray, integerArray, textArray } from './postgresArrays.ts'

export interface PostgresStoreOptions {
  /** Connections in the pool (default 10). */
  max?: number
  /**
   * Group commits that may be in flight at once (default 2). Appends made while that many are in
   * flight wait and join one group, so a busy relay makes fewer, larger commits.
   */
  commitsInFlight?: number
}

/** Appends waiting for the next group commit, and how to tell their callers it is done. */
interface Group {
  names: string[]
  updates: Uint8Array[]
  changes: Array<Uint8Array | null>
  /** The generation each append was made for; null when its caller gave none. */
  generations: Array<number | null>
  /**
   * Resolves with the appends' sequence numbers, in order, once committed; null for an append
   * refused because its document was removed after its generation (see {@link DocumentRemovedError}).
   */
  committed: Promise<Array<number | null>>
  settle: (seqs: Array<number | null> | null, error?: unknown) => void
}

/** Deadlock and serialization failures: the transaction was rolled back and may simply run again. */
const retryable = new Set(['40P01', '40001'])
const attempts = 3

/**
 * A store in Postgres, which several relay processes can share: an append-only log table
 * (`mergepad_log`, keyed by document and sequence number), a snapshot table, and a counter row per
 * document (`mergepad_docs`) that hands out sequence numbers. Schema migrations run at open, in a
 * transaction under an advisory lock (`postgresSchema.ts`). Queries go through a connection pool.
 *
 * Appends are group-committed: those made in one turn form a group, written in one statement
 * (so one transaction and one round trip) that bumps each document's counter and inserts the
 * entries; each append resolves once it is committed. The counter's row lock makes writers of one
 * document, in any process, take turns, so its entries commit in sequence order and a reader never
 * sees entry `n` without the ones before it. Counters are locked in name order, so groups never
 * deadlock each other (a deadlock or serialization failure would be retried anyway).
 *
 * Compaction takes only a shared lock on the counter row (so no removal slips in between its check
 * and its write): it replaces the snapshot only with a newer one and deletes only entries up to
 * `throughSeq`, which a concurrent append (numbered past the counter) never is.
 * How durable a commit is follows the server's `synchronous_commit` (on by default: flushed).
 * History (`postgresHistory.ts`): each entry's change record rides in its log row, and a compaction
 * files the records of the rows it deletes, in its transaction.
 *
 * Removing a document (`postgresCatalog.ts`) keeps its counter row, marked removed, and moves it to
 * the next generation, under the row's lock. An append or compaction made for the generation the
 * writer loaded is refused once the row has moved on ({@link DocumentRemovedError}): a relay that
 * never heard of the removal cannot bring the document back. An append waiting for the row's lock
 * while the removal commits sees the new generation when it gets the lock.
 */
export class PostgresStore implements CatalogedStore, HistoryStore {
  /** Lists and removes the database's documents, whichever relay wrote them. */
  readonly catalog: DocCatalog
  /** The links and signing key of every relay on this database. */
  readonly sharedAccess: SharedAccess
  private group: Group | null = null
  private readonly history: PostgresHistory
  private readonly commits = new Set<Promise<void>>()
  private closed: Promise<void> | null = null

  private constructor(
    private readonly sql: Sql,
    private readonly commitsInFlight: number,
  ) {
    this.catalog = new PostgresCatalog(sql)
    this.sharedAccess = new PostgresGrantStore(sql)
    this.history = new PostgresHistory(sql)
  }

  /** Connects to `url` (`postgres://user:password@host:port/database`) and migrates the schema. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    // A server that cannot be reached fails a write within 10 s instead of postgres.js's 30.
    // No type fetch on connect: its failure would end the process (see postgresArrays.ts).
    // postgres.js is patched on install (server/patches, postgresWrites.test.ts) to send a statement
    // at the end of the current turn, not the next: a room's append is made at the end of a turn,
    // and stock 3.4.9 would hold it back behind a whole turn of other rooms' work first.
    const sql = postgres(url, {
      max: options.max ?? 10,
      fetch_types: false,
      connect_timeout: 10,
      onnotice: () => {},
      connection: { application_name: 'mergepad' },
    })
    try {
      await migrate(sql)
    } catch (error) {
      await sql.end({ timeout: 1 })
      throw error
    }
    return new PostgresStore(sql, options.commitsInFlight ?? 2)
  }

  async load(name: string): Promise<StoredDoc> {
    this.checkOpen()
    const [doc, snapshot, log] = await this.sql.begin('isolation level repeatable read read only', (tx) => [
      tx`SELECT seq, generation FROM mergepad_docs WHERE name = ${name}`,
      tx`SELECT data FROM mergepad_snapshots WHERE doc = ${name}`,
      tx`SELECT seq, data FROM mergepad_log WHERE doc = ${name} ORDER BY seq`,
    ])
    return {
      snapshot: snapshot.length > 0 ? bytes(snapshot[0].data) : null,
      log: log.map(({ seq, data }) => ({ seq: Number(seq), update: bytes(data) })),
      seq: doc.length > 0 ? Number(doc[0].seq) : 0,
      generation: doc.length > 0 ? Number(doc[0].generation) : 0,
    }
  }

  /**
   * Joins the waiting group; resolves once that group is committed, rejects if its commit failed,
   * or with {@link DocumentRemovedError} if the document was removed after `generation`.
   */
  append(name: string, update: Uint8Array, change?: ChangeInput, generation?: number): Promise<number> {
    if (this.closed) return Promise.reject(new StoreClosedError())
    if (!this.group) {
      let settle!: Group['settle']
      const committed = new Promise<Array<number | null>>((resolve, reject) => {
        settle = (seqs, error) => (seqs ? resolve(seqs) : reject(error))
      })
      this.group = { names: [], updates: [], changes: [], generations: [], committed, settle }
      queueMicrotask(() => this.commitNext())
    }
    const index = this.group.names.push(name) - 1
    this.group.updates.push(update)
    this.group.changes.push(change ? encodeRawChange(change) : null)
    this.group.generations.push(generation ?? null)
    return this.group.committed.then((seqs) => {
      const seq = seqs[index]
      if (seq === null) throw new DocumentRemovedError(name)
      return seq
    })
  }

  async readSince(name: string, seq: number): Promise<LogEntry[]> {
    this.checkOpen()
    checkSeq(seq, 'seq')
    // One statement, so the snapshot's number and the entries come from one view of the database.
    const rows = await this.sql`
      SELECT s.compacted, l.seq, l.data
      FROM (SELECT coalesce(max(seq), 0) AS compacted FROM mergepad_snapshots WHERE doc = ${name}) s
      LEFT JOIN mergepad_log l ON l.doc = ${name} AND l.seq > ${seq}
      ORDER BY l.seq`
    const compacted = Number(rows[0].compacted)
    if (compacted > seq) throw new LogCompactedError(name, seq, compacted)
    return rows.filter((row) => row.seq !== null).map(({ seq, data }) => ({ seq: Number(seq), update: bytes(data) }))
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number, generation?: number): Promise<void> {
    this.checkOpen()
    checkSeq(throughSeq, 'throughSeq')
    await this.sql.begin(async (tx) => {
      // The weakest lock on the counter row: a removal (which locks it FOR UPDATE) waits for this
      // compaction, or this one sees it, while appends from every relay go on (they lock it FOR NO
      // KEY UPDATE, which FOR SHARE would make wait until this commits).
      const [doc] = await tx`SELECT seq, generation FROM mergepad_docs WHERE name = ${name} FOR KEY SHARE`
      if (generation !== undefined && doc && Number(doc.generation) !== generation) throw new DocumentRemovedError(name)
      checkCompaction(name, throughSeq, doc ? Number(doc.seq) : 0)
      const stored = await tx`
        INSERT INTO mergepad_snapshots AS s (doc, seq, data) VALUES (${name}, ${throughSeq}, ${snapshot})
        ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, compacted_at = now()
        WHERE s.seq < excluded.seq`
      await tx`UPDATE mergepad_compaction_claims SET until = '-infinity', through = greatest(through, ${throughSeq}) WHERE doc = ${name}`
      // Not stored: the snapshot there already holds everything this one does.
      if (stored.count === 0) return
      await this.history.rollUp(tx, name, throughSeq)
      await tx`DELETE FROM mergepad_log WHERE doc = ${name} AND seq <= ${throughSeq}`
    })
  }

  /**
   * Granted when no other relay's lease on the document's compaction holds and, with `since`, the
   * snapshot holds no entry after it (what the caller counts is not compacted already); the lease
   * is a row of `mergepad_compaction_claims`, which a compaction ends, noting in it how far it
   * compacted. A claim that waited for that compaction's transaction is judged by that note when
   * it gets the row (its view of the snapshot is from before the compaction committed).
   */
  async claimCompaction(name: string, leaseMs: number, since?: number): Promise<CompactionClaim> {
    this.checkOpen()
    const [row] = await this.sql<[{ claimed: boolean; seq: string; bytes: number }]>`
      WITH mark AS (
        SELECT coalesce(max(seq), 0) AS seq, coalesce(max(octet_length(data)), 0) AS bytes FROM mergepad_snapshots WHERE doc = ${name}
      ), claim AS (
        INSERT INTO mergepad_compaction_claims AS c (doc, until)
        SELECT ${name}, now() + ${leaseMs}::integer * interval '1 millisecond' FROM mark
        WHERE ${since ?? null}::bigint IS NULL OR mark.seq <= ${since ?? null}::bigint
        ON CONFLICT (doc) DO UPDATE SET until = excluded.until
        WHERE c.until < now() AND (${since ?? null}::bigint IS NULL OR c.through <= ${since ?? null}::bigint)
        RETURNING doc
      )
      SELECT EXISTS (SELECT FROM claim) AS claimed, mark.seq, mark.bytes FROM mark`
    return { claimed: row.claimed, seq: Number(row.seq), bytes: Number(row.bytes) }
  }

  async readChanges(name: string, afterSeq: number, batch?: number): Promise<ChangeRecord[]> {
    return collectChanges((visitor) => this.visitChanges(name, afterSeq, visitor, batch))
  }

  async visitChanges(name: string, afterSeq: number, visitor: ChangeVisitor, batch?: number): Promise<number> {
    this.checkOpen()
    checkSeq(afterSeq, 'afterSeq')
    return this.history.visitChanges(name, afterSeq, visitor, batch)
  }

  async listVersions(name: string): Promise<StoredVersion[]> {
    this.checkOpen()
    return this.history.listVersions(name)
  }

  async addVersion(name: string, version: NewVersion): Promise<StoredVersion> {
    this.checkOpen()
    return this.history.addVersion(name, version)
  }

  async removeHistory(name: string): Promise<void> {
    this.checkOpen()
    await this.history.remove(name)
  }

  async keepBundle(name: string, bundle: KeptBundle): Promise<void> {
    this.checkOpen()
    await this.history.keepBundle(name, bundle)
  }

  async keptBundle(name: string): Promise<KeptBundle | null> {
    this.checkOpen()
    return this.history.keptBundle(name)
  }

  /** Commits what is waiting, then closes the pool's connections. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      while (this.group || this.commits.size > 0) {
        if (this.group && this.commits.size < this.commitsInFlight) this.commitNext()
        else await Promise.race(this.commits)
      }
      await this.sql.end({ timeout: 5 })
    })()
    return this.closed
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreClosedError()
  }

  /** Starts committing the waiting group, unless none waits or enough commits are in flight. */
  private commitNext(): void {
    const group = this.group
    if (!group || this.commits.size >= this.commitsInFlight) return
    this.group = null
    const commit = this.commitGroup(group).finally(() => {
      this.commits.delete(commit)
      this.commitNext()
    })
    this.commits.add(commit)
  }

  /**
   * Writes a group in one statement and settles its appends' promises. Never rejects. Appends made
   * for an older generation of a document than another append of the group are refused without
   * asking the database (only a removal makes a newer one); the statement refuses the rest of a
   * removed document's appends by not bumping its counter.
   */
  private async commitGroup(group: Group): Promise<void> {
    const newest = new Map<string, number>()
    group.names.forEach((name, i) => {
      const generation = group.generations[i]
      if (generation !== null && generation > (newest.get(name) ?? -1)) newest.set(name, generation)
    })
    const kept = group.names.map((name, i) => group.generations[i] === null || group.generations[i] === newest.get(name))
    const pick = <T>(values: T[]) => values.filter((_, i) => kept[i])
    const [names, updates, changes] = [pick(group.names), pick(group.updates), pick(group.changes)]
    // Appends that name no generation take the one stored now. Looking it up costs Postgres as
    // much CPU again per commit, so it is in the statement only when such an append is in it.
    const generation = group.generations.includes(null)
      ? this.sql`coalesce(generation, (SELECT generation FROM mergepad_docs WHERE name = doc), 0)`
      : this.sql`generation`
    // One append that names its generation (the only kept append of its document has it in `newest`).
    const single = names.length === 1 && newest.has(names[0])
    for (let attempt = 1; ; attempt++) {
      try {
        const counters = single ? await this.appendOne(names[0], updates[0], changes[0], newest.get(names[0])!) : await this.sql<{ name: string; seq: string }[]>`
          WITH input AS (
            SELECT doc, data, change, ord
            FROM unnest(${textArray(names)}::text[], ${byteaArray(updates)}::bytea[], ${byteaArray(changes)}::bytea[])
              WITH ORDINALITY AS t (doc, data, change, ord)
          ), generations AS (
            SELECT doc, generation FROM unnest(${textArray([...newest.keys()])}::text[], ${integerArray([...newest.values()])}::int[]) AS g (doc, generation)
          ), counts AS (
            SELECT i.doc, count(*) AS n, min(g.generation) AS generation
            FROM input i LEFT JOIN generations g ON g.doc = i.doc GROUP BY i.doc
          ), bumped AS (
            -- A document's counter moves only in the generation the appends were made for (the one
            -- stored now when they name none); a removal committed meanwhile leaves it, refusing them.
            INSERT INTO mergepad_docs AS d (name, seq, generation)
            SELECT doc, n, ${generation} FROM counts ORDER BY doc
            ON CONFLICT (name) DO UPDATE SET seq = d.seq + excluded.seq, updated_at = now(), removed = false
            WHERE d.generation = excluded.generation
            RETURNING name, seq
          ), logged AS (
            INSERT INTO mergepad_log (doc, seq, data, change)
            SELECT i.doc, b.seq - c.n + row_number() OVER (PARTITION BY i.doc ORDER BY i.ord), i.data, i.change
            FROM input i JOIN bumped b ON b.name = i.doc JOIN counts c ON c.doc = i.doc
          )
          SELECT name, seq FROM bumped`
        const seqs = sequenceNumbers(names, counters)
        let next = 0
        group.settle(kept.map((keep) => (keep ? seqs[next++] : null)))
        return
      } catch (error) {
        if (attempt < attempts && retryable.has((error as { code?: string }).code ?? '')) continue
        group.settle(null, error)
        return
      }
    }
  }

  /**
   * The statement of a group holding one append that names its generation, as most are when
   * documents each get a keystroke a turn: the same counter bump and log row as the group's
   * statement, without its arrays, grouping and numbering, for about half of Postgres's CPU per
   * commit (113–140 µs against 213–220 in a probe with fsync on).
   */
  private appendOne(name: string, update: Uint8Array, change: Uint8Array | null, generation: number) {
    return this.sql<{ name: string; seq: string }[]>`
      WITH bumped AS (
        INSERT INTO mergepad_docs AS d (name, seq, generation) VALUES (${name}, 1, ${generation})
        ON CONFLICT (name) DO UPDATE SET seq = d.seq + 1, updated_at = now(), removed = false
        WHERE d.generation = excluded.generation
        RETURNING name, seq
      ), logged AS (
        INSERT INTO mergepad_log (doc, seq, data, change) SELECT name, seq, ${update}, ${change} FROM bumped
      )
      SELECT name, seq FROM bumped`
  }
}

/**
 * Numbers a group's appends, in order, from each document's counter after the group: the group's
 * appends to a document took the numbers just below it. Null for the appends to a document whose
 * counter did not move (removed since the generation they were made for).
 */
function sequenceNumbers(names: string[], counters: readonly { name: string; seq: string }[]): Array<number | null> {
  const last = new Map(counters.map(({ name, seq }) => [name, Number(seq)]))
  const count = new Map<string, number>()
  for (const name of names) count.set(name, (count.get(name) ?? 0) + 1)
  const next = new Map([...count].map(([name, n]) => [name, last.has(name) ? last.get(name)! - n + 1 : null]))
  return names.map((name) => {
    const seq = next.get(name)!
    if (seq !== null) next.set(name, seq + 1)
    return seq
  })
}

/** A bytea column's value (a Buffer) as a plain Uint8Array over the same memory. */
function bytes(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
