import * as Y from 'yjs'
import { type RunTable, never } from '../../shared/history/runTable.ts'
import type { ResolvedRanges } from './taggedRanges.ts'

const columnNames = ['len', 'ins', 'del', 'insBy', 'delBy', 'client', 'clock'] as const

/** Growable typed columns of a run table under construction. */
class Columns {
  count = 0
  readonly parts: string[] = []
  private cols = Object.fromEntries(columnNames.map((name) => [name, new Uint32Array(1024)])) as Record<(typeof columnNames)[number], Uint32Array>

  /** Adds a run of `length` characters, merged into the last run when it continues it with the same history. */
  push(length: number, client: number, clock: number, ins: number, insBy: number, del: number, delBy: number): void {
    let c = this.cols
    const last = this.count - 1
    if (
      last >= 0 && c.client[last] === client && c.clock[last] + c.len[last] === clock &&
      c.ins[last] === ins && c.del[last] === del && c.insBy[last] === insBy && c.delBy[last] === delBy
    ) {
      c.len[last] += length
      return
    }
    if (this.count === c.len.length) c = this.grow()
    const i = this.count++
    c.len[i] = length
    c.ins[i] = ins
    c.del[i] = del
    c.insBy[i] = insBy
    c.delBy[i] = delBy
    c.client[i] = client
    c.clock[i] = clock
  }

  table(): RunTable {
    const cut = (name: (typeof columnNames)[number]) => this.cols[name].slice(0, this.count)
    return { count: this.count, chars: this.parts.join(''), len: cut('len'), ins: cut('ins'), del: cut('del'), insBy: cut('insBy'), delBy: cut('delBy'), client: cut('client'), clock: cut('clock') }
  }

  private grow(): Columns['cols'] {
    const grown = (old: Uint32Array) => {
      const next = new Uint32Array(old.length * 2)
      next.set(old)
      return next
    }
    this.cols = Object.fromEntries(columnNames.map((name) => [name, grown(this.cols[name])])) as Columns['cols']
    return this.cols
  }
}

/**
 * Cuts `[clock, clock + len)` of one client at the boundaries of its resolved ranges: calls
 * `each(offset, length, seq, by)` for every piece, with `seq` null where no range covers it.
 */
function pieces(ranges: ResolvedRanges | undefined, clock: number, len: number, each: (offset: number, length: number, seq: number | null, by: number) => void): void {
  const end = clock + len
  let pos = clock
  if (ranges) {
    let lo = 0
    let hi = ranges.end.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ranges.end[mid] <= clock) lo = mid + 1
      else hi = mid
    }
    for (let r = lo; r < ranges.start.length && ranges.start[r] < end; r++) {
      if (ranges.start[r] > pos) each(pos - clock, ranges.start[r] - pos, null, 0)
      const to = Math.min(end, ranges.end[r])
      const from = Math.max(pos, ranges.start[r])
      each(from - clock, to - from, ranges.seq[r], ranges.by[r])
      pos = to
    }
  }
  if (pos < end) each(pos - clock, end - pos, null, 0)
}

/**
 * The run table of `text` in a replica that keeps deleted content (`gc: false`) and holds exactly
 * what the store holds, given which change inserted and which deleted each id. Ids no recorded
 * change inserted were there when history began (change 0); deleted ids no recorded change deleted
 * were deleted before it, and are left out, as is content a sender had already garbage-collected.
 */
export function buildRuns(text: Y.Text, inserts: Map<number, ResolvedRanges>, deletes: Map<number, ResolvedRanges>): RunTable {
  const steps = building(text, inserts, deletes)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * {@link buildRuns} in slices, awaiting `pause()` between them, so that a process serving others
 * is not held for the whole of a long document (about a second for 260,000 changes). The replica
 * must not change until it resolves.
 */
export async function buildRunsInSlices(text: Y.Text, inserts: Map<number, ResolvedRanges>, deletes: Map<number, ResolvedRanges>, pause: () => Promise<unknown>): Promise<RunTable> {
  const steps = building(text, inserts, deletes)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await pause()
  }
}

/** Items of the text between two slices of {@link buildRunsInSlices}. */
const sliceItems = 16_384

/** The work of {@link buildRuns}, yielding every {@link sliceItems} items. */
function* building(text: Y.Text, inserts: Map<number, ResolvedRanges>, deletes: Map<number, ResolvedRanges>): Generator<void, RunTable> {
  const columns = new Columns()
  let items = 0
  for (let item = text._start; item !== null; item = item.right) {
    if (++items % sliceItems === 0) yield
    if (!(item.content instanceof Y.ContentString)) continue
    const { client, clock } = item.id
    const str = item.content.str
    const deleted = item.deleted
    // Most items are kept whole: their text goes in as it is, without slicing.
    const dropped: number[] = []
    pieces(inserts.get(client), clock, item.length, (offset, length, ins, insBy) => {
      pieces(deletes.get(client), clock + offset, length, (inner, count, del, delBy) => {
        const gone = deleted ? del : never
        if (gone === null) return void dropped.push(offset + inner, count)
        columns.push(count, client, clock + offset + inner, ins ?? 0, insBy, gone, deleted ? delBy : 0)
      })
    })
    if (dropped.length === 0) columns.parts.push(str)
    else columns.parts.push(keptText(str, dropped))
  }
  return columns.table()
}

/** `str` without the stretches `dropped` lists as (start, length) pairs, in order. */
function keptText(str: string, dropped: number[]): string {
  let text = ''
  let from = 0
  for (let i = 0; i < dropped.length; i += 2) {
    text += str.slice(from, dropped[i])
    from = dropped[i] + dropped[i + 1]
  }
  return text + str.slice(from)
}
