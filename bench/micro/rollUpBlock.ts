/**
 * How long a compaction of a busy document blocks its relay's event loop while it files the log's
 * change records in history chunks. One store on a throwaway Postgres (fsync on); three people type
 * into one document, one keystroke per entry, each with its change record, as a hot room's relay
 * appends them; every 500 entries the log is compacted, as the room's threshold does, through 9,000
 * entries (the first chunk fills at 4,096 and is sealed with Brotli). Prints, per compaction, how
 * long it took and the longest the event loop waited meanwhile (a 1 ms timer notes each late
 * turn), then the longest over all.
 *
 *   npx tsx bench/micro/rollUpBlock.ts [ROOT]   (ROOT: a tree with server/, default this repository)
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'

const root = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../..', import.meta.url)))
const load = (file: string) => import(path.join(root, file))
const { startPostgres } = await load('test/helpers/postgres.ts')
const { PostgresStore } = await load('server/store/postgresStore.ts')
const { recordFromUpdate } = await load('server/history/changeRecord.ts')

const entriesPerCompaction = 500
const compactions = 18

const pg = await startPostgres({ fsync: true })
const store = await PostgresStore.open(await pg.newDatabase())
const typists = ['Ada', 'Grace', 'Edsger'].map((author) => ({ author, doc: new Y.Doc() }))
const replica = new Y.Doc()
let seq = 0

/** The longest gap between two ticks of a 1 ms timer, beyond the 1 ms, while `work` runs. */
async function longestBlock(work: () => Promise<void>): Promise<number> {
  let last = performance.now()
  let longest = 0
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last - 1)
    last = now
  }, 1)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  return Math.max(longest, performance.now() - last - 1)
}

const rows: string[] = []
let worst = 0
for (let round = 1; round <= compactions; round++) {
  for (let i = 0; i < entriesPerCompaction; i++) {
    const { author, doc } = typists[seq % typists.length]
    const text = doc.getText('codemirror')
    const before = Y.encodeStateVector(doc)
    text.insert(text.length, 'abcdefghij'[seq % 10])
    const update = Y.encodeStateAsUpdate(doc, before)
    Y.applyUpdate(replica, update)
    const at = Date.now()
    const parts = recordFromUpdate(0, update, at).parts.map((part: { inserts: unknown; deletes: unknown }) => ({ ...part, author }))
    seq = await store.append('doc', update, { at, parts })
  }
  const started = performance.now()
  const block = await longestBlock(() => store.compact('doc', Y.encodeStateAsUpdate(replica), seq))
  worst = Math.max(worst, block)
  rows.push(`| ${seq} | ${(performance.now() - started).toFixed(1)} | ${block.toFixed(1)} |`)
}
console.log('| compacted through | compaction (ms) | longest event-loop block (ms) |')
console.log('| ---: | ---: | ---: |')
for (const row of rows) console.log(row)
console.log(`longest block over ${compactions} compactions: ${worst.toFixed(1)} ms`)
await store.close()
await pg.stop()
