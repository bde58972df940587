/**
 * What the relay's store costs for a real document: append per update, compaction, and loading a
 * room from a long log and from a snapshot, for the automerge-paper trace replayed one keystroke
 * per update.
 *
 *     npx tsx bench/storeCost.ts [path/to/automerge-paper.json.gz]
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import * as Y from 'yjs'
import { systemClock } from '../server/clock.ts'
import { Room } from '../server/room.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { applyPatch, defaultTracePath, patchesOf, readTrace } from './trace.ts'

const trace = readTrace(process.argv[2] ?? defaultTracePath)
const doc = new Y.Doc()
const text = doc.getText('codemirror')
const updates: Uint8Array[] = []
doc.on('update', (update: Uint8Array) => updates.push(update))
for (const patch of patchesOf(trace)) applyPatch(text, patch)
if (text.toString() !== trace.endContent) throw new Error('the replay did not reproduce the trace')
console.log(`${updates.length} updates, final text ${text.length} characters`)

const log = pino({ level: 'silent' })
const ms = (since: number) => `${(performance.now() - since).toFixed(0)} ms`

for (const synchronous of ['normal', 'full'] as const) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-store-cost-'))
  const store = await SqliteStore.open(dir, { synchronous })
  const count = synchronous === 'full' ? 5_000 : updates.length
  let started = performance.now()
  let seq = 0
  for (let i = 0; i < count; i++) seq = await store.append('paper', updates[i])
  console.log(`append (--sync ${synchronous}): ${(((performance.now() - started) * 1000) / count).toFixed(1)} µs per update over ${count}`)
  if (synchronous === 'normal') {
    const bytes = fs.readdirSync(dir).reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0)
    console.log(`log on disk: ${(bytes / 2 ** 20).toFixed(1)} MiB`)
    started = performance.now()
    const fromLog = await Room.load('paper', { store, clock: systemClock, log })
    console.log(`load from a ${count}-entry log: ${ms(started)}`)
    started = performance.now()
    const snapshot = Y.encodeStateAsUpdate(fromLog.doc)
    const encoded = ms(started)
    started = performance.now()
    await store.compact('paper', snapshot, seq)
    console.log(`compaction: encode ${encoded} + write ${ms(started)}, snapshot ${(snapshot.length / 1024).toFixed(0)} KiB`)
    started = performance.now()
    const fromSnapshot = await Room.load('paper', { store, clock: systemClock, log })
    console.log(`load from the snapshot: ${ms(started)}`)
    if (fromSnapshot.doc.getText('codemirror').toString() !== trace.endContent) throw new Error('the snapshot lost text')
    await Promise.all([fromLog.close(), fromSnapshot.close()])
  }
  await store.close()
}
