/** One client's ids after {@link TaggedRanges.resolve}: sorted, disjoint ranges and their tags. */
export interface ResolvedRanges {
  start: number[]
  end: number[]
  seq: number[]
  by: number[]
}

interface ClientRanges {
  clock: number[]
  len: number[]
  seq: number[]
  by: number[]
}

/**
 * Ranges of Yjs ids tagged with the change that named them (its sequence number and author), as
 * history collects them for insertions or for deletions. Where ranges overlap (an update that
 * repeats deletions made before, a struct sent twice), the earliest change wins: that is when the
 * id was really added or deleted.
 */
export class TaggedRanges {
  private readonly clients = new Map<number, ClientRanges>()
  private resolved: Map<number, ResolvedRanges> | null = null
  /** The client added to last, and its ranges: changes come in long runs from one client. */
  private last: { client: number; ranges: ClientRanges } | null = null

  /** Adds `len` ids of `client` from `clock`, named by change `seq` of author `by`. */
  add(client: number, clock: number, len: number, seq: number, by: number): void {
    if (len <= 0) return
    let ranges = this.last?.client === client ? this.last.ranges : this.clients.get(client)
    if (!ranges) this.clients.set(client, (ranges = { clock: [], len: [], seq: [], by: [] }))
    if (this.last?.ranges !== ranges) this.last = { client, ranges }
    ranges.clock.push(clock)
    ranges.len.push(len)
    ranges.seq.push(seq)
    ranges.by.push(by)
    this.resolved = null
  }

  /** Clients that have ranges. */
  get clientIds(): IterableIterator<number> {
    return this.clients.keys()
  }

  /** Per client, sorted disjoint ranges where each id carries the earliest change that named it. Cached until the next add. */
  resolve(): Map<number, ResolvedRanges> {
    this.resolved ??= new Map([...this.clients].map(([client, ranges]) => [client, resolveClient(ranges)]))
    return this.resolved
  }
}

function resolveClient({ clock, len, seq, by }: ClientRanges): ResolvedRanges {
  const out: ResolvedRanges = { start: [], end: [], seq: [], by: [] }
  const emit = (start: number, end: number, i: number) => {
    const last = out.end.length - 1
    if (last >= 0 && out.end[last] === start && out.seq[last] === seq[i] && out.by[last] === by[i]) out.end[last] = end
    else out.start.push(start), out.end.push(end), out.seq.push(seq[i]), out.by.push(by[i])
  }
  // Insertions usually arrive in order without overlaps: then there is nothing to resolve.
  let inOrder = true
  for (let i = 1; i < clock.length && inOrder; i++) inOrder = clock[i] >= clock[i - 1] + len[i - 1]
  if (inOrder) {
    for (let i = 0; i < clock.length; i++) emit(clock[i], clock[i] + len[i], i)
    return out
  }
  // Deletions come out of order (backspacing goes right to left) but rarely overlap: sorted, they
  // need no sweep either.
  const byClock = sortedByClock(clock)
  let disjoint = true
  for (let k = 1; k < byClock.length && disjoint; k++) disjoint = clock[byClock[k]] >= clock[byClock[k - 1]] + len[byClock[k - 1]]
  if (disjoint) {
    for (const i of byClock) emit(clock[i], clock[i] + len[i], i)
    return out
  }
  const order = Array.from(clock.keys())
  order.sort((a, b) => clock[a] - clock[b] || seq[a] - seq[b])
  // Sweep left to right; the active range with the lowest sequence number owns each stretch.
  const heap = new MinHeap((a: number, b: number) => seq[a] - seq[b] || a - b)
  let next = 0
  let pos = clock[order[0]]
  while (next < order.length || heap.size > 0) {
    if (heap.size === 0) pos = Math.max(pos, clock[order[next]])
    while (next < order.length && clock[order[next]] <= pos) heap.push(order[next++])
    while (heap.size > 0 && clock[heap.peek()] + len[heap.peek()] <= pos) heap.pop()
    if (heap.size === 0) continue
    const top = heap.peek()
    const end = Math.min(clock[top] + len[top], next < order.length ? clock[order[next]] : Infinity)
    emit(pos, end, top)
    pos = end
  }
  return out
}

/** Indexes below this fit beside a 32-bit clock in one exact double: see {@link sortedByClock}. */
const indexLimit = 2 ** 20

/**
 * The indexes of `clock` in ascending order of their clocks. Each is sorted as one number, clock
 * and index together, by a typed array's own sort: several times faster than comparing indexes
 * through a function, on the tens of thousands of ranges a long history deletes.
 */
function sortedByClock(clock: number[]): ArrayLike<number> & Iterable<number> {
  if (clock.length >= indexLimit || clock.some((c) => c >= 2 ** 32)) return Array.from(clock.keys()).sort((a, b) => clock[a] - clock[b] || a - b)
  const keys = new Float64Array(clock.length)
  for (let i = 0; i < clock.length; i++) keys[i] = clock[i] * indexLimit + i
  keys.sort()
  const order = new Uint32Array(keys.length)
  for (let k = 0; k < keys.length; k++) order[k] = keys[k] % indexLimit
  return order
}

/** A binary min-heap of numbers ordered by `compare`. */
class MinHeap {
  private readonly items: number[] = []
  constructor(private readonly compare: (a: number, b: number) => number) {}
  get size(): number {
    return this.items.length
  }
  peek(): number {
    return this.items[0]
  }
  push(item: number): void {
    const items = this.items
    let i = items.push(item) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.compare(items[parent], items[i]) <= 0) break
      ;[items[parent], items[i]] = [items[i], items[parent]]
      i = parent
    }
  }
  pop(): number {
    const items = this.items
    const top = items[0]
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2]
        let least = i
        if (l < items.length && this.compare(items[l], items[least]) < 0) least = l
        if (r < items.length && this.compare(items[r], items[least]) < 0) least = r
        if (least === i) break
        ;[items[least], items[i]] = [items[i], items[least]]
        i = least
      }
    }
    return top
  }
}
