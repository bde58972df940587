import { setImmediate as nextTurn } from 'node:timers/promises'
import * as Y from 'yjs'
import { firstAtLeast } from '../../shared/history/historyPoints.ts'
import type { RunTable } from '../../shared/history/runTable.ts'
import { LogCompactedError } from '../store/docStore.ts'
import type { HistoryDocStore } from '../store/historyStore.ts'
import type { ChangeVisitor } from './changeRecord.ts'
import { buildRuns, buildRunsInSlices } from './runBuilder.ts'
import { TaggedRanges } from './taggedRanges.ts'

/** Change records read from the store at a time when a history opens. */
const readBatch = 4096

/** The stored changes of a document, oldest first, in columns; authors are indexes into `names`. */
export interface ChangeList {
  seq: number[]
  at: number[]
  /** Change `i`'s authors are `by[byStart[i]]` up to `by[byStart[i + 1]]`. */
  byStart: number[]
  by: number[]
}

/**
 * One document's history as read from its store: a replica that keeps deleted content (the stored
 * snapshot and log, through sequence number {@link seq}), which change inserted and which deleted
 * every id, the list of changes, and the run table built from them on demand. {@link refresh}
 * catches up with what was stored since.
 */
export class DocHistory {
  readonly doc = new Y.Doc({ gc: false })
  /** The replica holds every entry through this one. */
  seq = 0
  /** Author names; index 0 is "unknown". */
  readonly names: string[] = ['']
  readonly changes: ChangeList = { seq: [], at: [], byStart: [0], by: [] }
  private readonly nameIndex = new Map<string, number>()
  private readonly inserts = new TaggedRanges()
  private readonly deletes = new TaggedRanges()
  private runs: RunTable | null = null

  private constructor(
    private readonly store: HistoryDocStore,
    readonly name: string,
  ) {}

  /** Reads the history of `name` from `store`. */
  static async open(store: HistoryDocStore, name: string): Promise<DocHistory> {
    const history = new DocHistory(store, name)
    const stored = await store.load(name)
    Y.transact(history.doc, () => {
      if (stored.snapshot) Y.applyUpdate(history.doc, stored.snapshot)
      for (const { update } of stored.log) Y.applyUpdate(history.doc, update)
    })
    history.seq = stored.seq
    // In batches: held all at once, a long history's records cost seconds of garbage collection.
    // Between batches the relay serves everyone else (a store's await alone would not let it).
    const fold = history.folding()
    for (let after = 0; after < history.seq; ) {
      await nextTurn()
      const last = await store.visitChanges(name, after, fold, readBatch)
      if (last === after) break
      after = last
    }
    history.runs = null
    return history
  }

  /**
   * Applies what was stored since, and reads its records (after the entries, so every entry applied
   * has its record). Resolves false, changing nothing, when a compaction has dropped entries this
   * replica lacks: open the history again instead.
   */
  async refresh(): Promise<boolean> {
    const from = this.seq
    let entries
    try {
      entries = await this.store.readSince(this.name, from)
    } catch (error) {
      if (error instanceof LogCompactedError) return false
      throw error
    }
    if (entries.length === 0) return true
    Y.transact(this.doc, () => {
      for (const { update } of entries) Y.applyUpdate(this.doc, update)
    })
    this.seq = entries.at(-1)!.seq
    await this.store.visitChanges(this.name, from, this.folding())
    this.runs = null
    return true
  }

  /**
   * Builds the run table of the text as of {@link seq} in slices, letting the relay serve others
   * between them, so that {@link runTable} then returns at once. Nothing else may change this
   * history until it resolves (reads of one document run one at a time in `HistoryCache`).
   */
  async prepareRuns(): Promise<void> {
    if (this.runs) return
    const seq = this.seq
    const runs = await buildRunsInSlices(this.doc.getText('codemirror'), this.inserts.resolve(), this.deletes.resolve(), nextTurn)
    if (this.seq === seq) this.runs ??= runs
  }

  /** The run table of the text as of {@link seq}, built once per state. */
  runTable(): RunTable {
    this.runs ??= buildRuns(this.doc.getText('codemirror'), this.inserts.resolve(), this.deletes.resolve())
    return this.runs
  }

  /** Whether the text after entry `seq` is one this history can give: 0 (empty) or a stored change's. */
  isChange(seq: number): boolean {
    const { seq: seqs } = this.changes
    return seq <= this.seq && (seq === 0 || seqs[firstAtLeast(seqs, seq)] === seq)
  }

  /** The author of each client id's first insertion, for tinting text by who wrote it. */
  clientAuthors(): Map<number, string> {
    const authors = new Map<number, string>()
    for (const [client, ranges] of this.inserts.resolve()) {
      const by = ranges.by.find((index) => index !== 0)
      if (by !== undefined) authors.set(client, this.names[by])
    }
    return authors
  }

  /**
   * The first change that inserted something a replica with `stateVector` (client → next clock)
   * had not seen, or null when it has seen every insertion. Changes that only deleted are not
   * told apart: a state vector does not record deletions.
   */
  firstUnseen(stateVector: Map<number, number>): number | null {
    let first: number | null = null
    for (const [client, ranges] of this.inserts.resolve()) {
      const seen = stateVector.get(client) ?? 0
      for (let r = firstAtLeast(ranges.end, seen + 1); r < ranges.seq.length; r++) {
        if (first === null || ranges.seq[r] < first) first = ranges.seq[r]
      }
    }
    return first
  }

  /** Names of the authors of the changes in `(afterSeq, throughSeq]`, in order of first appearance. */
  authorsBetween(afterSeq: number, throughSeq: number): string[] {
    const { seq, byStart, by } = this.changes
    const found = new Set<number>()
    for (let i = firstAtLeast(seq, afterSeq + 1); i < seq.length && seq[i] <= throughSeq; i++) {
      for (let k = byStart[i]; k < byStart[i + 1]; k++) if (by[k] !== 0) found.add(by[k])
    }
    return [...found].map((index) => this.names[index])
  }

  /**
   * A visitor that adds the changes it is told to this history: those after its last change and
   * through {@link seq}, whose entries the replica holds. Folded as told, a long history makes no
   * object per change (reading 260,000 records as objects cost more in garbage collection than
   * their decoding).
   */
  private folding(): ChangeVisitor {
    const { changes, inserts, deletes } = this
    let keep = false
    let seq = 0
    let first = 0
    let by = 0
    return {
      change: (changeSeq, at) => {
        keep = changeSeq > (changes.seq.at(-1) ?? 0) && changeSeq <= this.seq
        if (!keep) return
        seq = changeSeq
        changes.seq.push(seq)
        changes.at.push(at)
        first = changes.by.length
        changes.byStart.push(first)
      },
      part: (author) => {
        if (!keep) return
        by = this.nameOf(author)
        if (changes.by.indexOf(by, first) === -1) changes.byStart[changes.byStart.length - 1] = changes.by.push(by)
      },
      inserted: (client, clock, len) => {
        if (keep) inserts.add(client, clock, len, seq, by)
      },
      deleted: (client, clock, len) => {
        if (keep) deletes.add(client, clock, len, seq, by)
      },
    }
  }

  private nameOf(author: string | null): number {
    if (author === null) return 0
    let index = this.nameIndex.get(author)
    if (index === undefined) this.nameIndex.set(author, (index = this.names.push(author) - 1))
    return index
  }
}
