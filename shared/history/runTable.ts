/** The sequence number of a run that was never deleted. */
export const never = 0xffffffff

/**
 * Every character a document's text ever held (of those its history can show), in document
 * order, cut into runs that share one history: the change that inserted them and the one that
 * deleted them. Sequence numbers are the store's (0: before history began; {@link never}: not
 * deleted). Authors are indexes into a table kept beside the runs (0: unknown). `client` and
 * `clock` are the Yjs id of each run's first character, so a replica can tell which runs it has
 * seen. Columns are typed arrays of length `count`; a run's characters follow the previous one's in
 * `chars`.
 */
export interface RunTable {
  count: number
  chars: string
  len: Uint32Array
  ins: Uint32Array
  del: Uint32Array
  insBy: Uint32Array
  delBy: Uint32Array
  client: Uint32Array
  clock: Uint32Array
}

/** A stretch of text in a comparison: unchanged, added since the earlier point, or removed since. */
export interface Segment {
  text: string
  kind: 'same' | 'added' | 'removed'
  /** Who added (or removed) it, as an author index; 0 for unchanged text. */
  by: number
}

/** Whether run `i` is in the text as of change `seq`. */
export function visibleAt(runs: RunTable, i: number, seq: number): boolean {
  return runs.ins[i] <= seq && seq < runs.del[i]
}

/** The text as it was right after change `seq` (0: when history began). */
export function textAt(runs: RunTable, seq: number): string {
  const parts: string[] = []
  let offset = 0
  let start = -1
  for (let i = 0; i < runs.count; i++) {
    if (runs.ins[i] <= seq && seq < runs.del[i]) {
      if (start < 0) start = offset
    } else if (start >= 0) {
      parts.push(runs.chars.slice(start, offset))
      start = -1
    }
    offset += runs.len[i]
  }
  if (start >= 0) parts.push(runs.chars.slice(start, offset))
  return parts.join('')
}

/**
 * The text as of `after`, with what `before` held and `after` does not kept in as removed
 * segments: run `i` was there before when `before(i)`, and is there after when `after(i)`.
 * Neighbouring segments of one kind and author are merged.
 */
export function compareRuns(runs: RunTable, before: (i: number) => boolean, after: (i: number) => boolean): Segment[] {
  const segments: Segment[] = []
  let offset = 0
  let open: { start: number; kind: Segment['kind']; by: number } | null = null
  const close = (end: number) => {
    if (open && end > open.start) segments.push({ text: runs.chars.slice(open.start, end), kind: open.kind, by: open.by })
    open = null
  }
  for (let i = 0; i < runs.count; i++) {
    const [was, is] = [before(i), after(i)]
    if (!was && !is) {
      close(offset)
    } else {
      const kind = was && is ? 'same' : is ? 'added' : 'removed'
      const by = kind === 'same' ? 0 : kind === 'added' ? runs.insBy[i] : runs.delBy[i]
      if (!open || open.kind !== kind || open.by !== by) {
        close(offset)
        open = { start: offset, kind, by }
      }
    }
    offset += runs.len[i]
  }
  close(offset)
  return segments
}

/** {@link compareRuns} between the text after change `from` and after change `to`. */
export function compareAt(runs: RunTable, from: number, to: number): Segment[] {
  return compareRuns(
    runs,
    (i) => runs.ins[i] <= from && from < runs.del[i],
    (i) => runs.ins[i] <= to && to < runs.del[i],
  )
}

/** An empty table. */
export function emptyRuns(): RunTable {
  const none = new Uint32Array(0)
  return { count: 0, chars: '', len: none, ins: none, del: none, insBy: none, delBy: none, client: none, clock: none }
}
