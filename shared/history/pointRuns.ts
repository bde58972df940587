import { type RunTable, never } from './runTable.ts'

/**
 * `runs` as seen only from the points `seqs` (sequence numbers, ascending): every run's insertion
 * and deletion move forward to the first point at or after them, runs no point shows (inserted and
 * deleted between two points) are left out, and neighbours alike in everything but their Yjs ids
 * merge (a merged run keeps its first character's id). {@link textAt} and {@link compareAt} give
 * the same answers as on `runs` at every point of `seqs`; a document typed keystroke by keystroke
 * keeps a few runs per point instead of one per keystroke. Cost: one pass over the runs plus a
 * binary search per run.
 */
export function runsAtPoints(runs: RunTable, seqs: readonly number[]): RunTable {
  const at = (seq: number) => {
    if (seq === never) return never
    let lo = 0
    let hi = seqs.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (seqs[mid] < seq) lo = mid + 1
      else hi = mid
    }
    return lo === seqs.length ? never : seqs[lo]
  }
  const out = { len: [] as number[], ins: [] as number[], del: [] as number[], insBy: [] as number[], delBy: [] as number[], client: [] as number[], clock: [] as number[] }
  const parts: string[] = []
  let offset = 0
  let keptFrom = 0
  let keptTo = 0
  const flush = () => {
    if (keptTo > keptFrom) parts.push(runs.chars.slice(keptFrom, keptTo))
  }
  for (let i = 0; i < runs.count; i++) {
    const length = runs.len[i]
    const ins = at(runs.ins[i])
    const del = at(runs.del[i])
    if (ins !== never && ins !== del) {
      const last = out.len.length - 1
      const insBy = runs.insBy[i]
      const delBy = del === never ? 0 : runs.delBy[i]
      if (last >= 0 && out.ins[last] === ins && out.del[last] === del && out.insBy[last] === insBy && out.delBy[last] === delBy) {
        out.len[last] += length
      } else {
        out.len.push(length), out.ins.push(ins), out.del.push(del), out.insBy.push(insBy), out.delBy.push(delBy)
        out.client.push(runs.client[i]), out.clock.push(runs.clock[i])
      }
      if (offset !== keptTo) flush(), (keptFrom = offset)
      keptTo = offset + length
    }
    offset += length
  }
  flush()
  const column = (values: number[]) => Uint32Array.from(values)
  return {
    count: out.len.length,
    chars: parts.join(''),
    len: column(out.len),
    ins: column(out.ins),
    del: column(out.del),
    insBy: column(out.insBy),
    delBy: column(out.delBy),
    client: column(out.client),
    clock: column(out.clock),
  }
}
