import type { HistoryDocStore } from '../store/historyStore.ts'
import { DocHistory } from './docHistory.ts'

/**
 * The histories of the documents read lately, kept caught up with their stores: reading one again
 * applies only what was stored since (or reopens it when a compaction passed it by). Reads of one
 * document run one at a time; at most `limit` histories are kept, the least recently read dropped.
 * A history can be read ahead of need ({@link warm}) and dropped again if nobody asked for it
 * ({@link release}).
 */
export class HistoryCache {
  private readonly held = new Map<string, Promise<DocHistory>>()
  private readonly turns = new Map<string, Promise<unknown>>()
  /** Documents whose held history was only read ahead, never asked for. */
  private readonly unasked = new Set<string>()

  constructor(
    readonly store: HistoryDocStore,
    private readonly limit = 8,
  ) {}

  /** Runs `use` with the history of `name` as stored now; no other read of `name` runs meanwhile. */
  read<T>(name: string, use: (history: DocHistory) => T | Promise<T>): Promise<T> {
    return this.turn(name, (history) => {
      this.unasked.delete(name)
      return use(history)
    })
  }

  /**
   * {@link read}, ahead of need: the history stays held as if read, but {@link release} drops it
   * unless someone reads it first.
   */
  warm<T>(name: string, use: (history: DocHistory) => T | Promise<T>): Promise<T> {
    if (!this.held.has(name) && !this.turns.has(name)) this.unasked.add(name)
    return this.turn(name, use)
  }

  /** Drops the history of `name` if it was only read ahead ({@link warm}), never read. */
  release(name: string): void {
    if (this.unasked.delete(name)) this.held.delete(name)
  }

  private turn<T>(name: string, use: (history: DocHistory) => T | Promise<T>): Promise<T> {
    const turn = (this.turns.get(name) ?? Promise.resolve()).then(
      async () => use(await this.current(name)),
    )
    const settled = turn.catch(() => {})
    this.turns.set(name, settled)
    void settled.then(() => {
      if (this.turns.get(name) === settled) this.turns.delete(name)
    })
    return turn
  }

  /** How many held histories were read ahead and not asked for since. */
  get unaskedCount(): number {
    return this.unasked.size
  }

  /** Whether a history of `name` is held (read, or being read), so reading it again is quick. */
  holds(name: string): boolean {
    return this.held.has(name)
  }

  /** Drops what is held of `name` (after the document is deleted). */
  forget(name: string): void {
    this.held.delete(name)
    this.unasked.delete(name)
  }

  private async current(name: string): Promise<DocHistory> {
    const held = this.held.get(name)
    if (held) {
      this.held.delete(name)
      try {
        const history = await held
        if (await history.refresh()) {
          this.keep(name, held)
          return history
        }
      } catch {
        // A failed read is not kept; open it afresh below.
      }
    }
    const opening = DocHistory.open(this.store, name)
    this.keep(name, opening)
    try {
      return await opening
    } catch (error) {
      this.held.delete(name)
      throw error
    }
  }

  private keep(name: string, history: Promise<DocHistory>): void {
    this.held.set(name, history)
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.limit) break
      this.held.delete(oldest)
      this.unasked.delete(oldest)
    }
  }
}
