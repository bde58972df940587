/** One open connection to a document, as access control sees it. */
export interface LiveConnection {
  doc: string
  /** The link it was opened with, or null (open mode, the HTTP API's own peers). */
  grantId: string | null
  /** When its token expires, in milliseconds since the epoch, or null for never. */
  expiresAt: number | null
  /** Ends the connection at once with a close code and a reason. */
  close(code: number, reason: string): void
}

/**
 * The open connections of every document, by document and by link, so that revoking a link,
 * deleting a document or a token's expiry can close exactly the connections concerned.
 */
export class LiveConnections {
  private readonly byDoc = new Map<string, Set<LiveConnection>>()

  /** Adds `connection`; returns the function that removes it (call it when the connection ends). */
  add(connection: LiveConnection): () => void {
    let set = this.byDoc.get(connection.doc)
    if (!set) this.byDoc.set(connection.doc, (set = new Set()))
    set.add(connection)
    return () => {
      set.delete(connection)
      if (set.size === 0 && this.byDoc.get(connection.doc) === set) this.byDoc.delete(connection.doc)
    }
  }

  /** Closes the connections of `doc` that `which` selects (all when omitted); returns how many. */
  close(doc: string, code: number, reason: string, which: (c: LiveConnection) => boolean = () => true): number {
    const chosen = [...(this.byDoc.get(doc) ?? [])].filter(which)
    for (const connection of chosen) connection.close(code, reason)
    return chosen.length
  }

  /** Closes every connection whose token expired at or before `nowMs`; returns how many. */
  closeExpired(nowMs: number, code: number, reason: string): number {
    let closed = 0
    for (const doc of [...this.byDoc.keys()]) {
      closed += this.close(doc, code, reason, (c) => c.expiresAt !== null && c.expiresAt <= nowMs)
    }
    return closed
  }

  /** Number of open connections to `doc`, or to every document. */
  count(doc?: string): number {
    if (doc !== undefined) return this.byDoc.get(doc)?.size ?? 0
    let total = 0
    for (const set of this.byDoc.values()) total += set.size
    return total
  }
}
