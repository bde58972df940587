/**
 * What history costs on a real document: the automerge-paper trace replayed one keystroke per
 * stored change (one author), a named version every 1,000 keystrokes, compacting every 500 changes
 * as a relay does. Prints the bytes on disk with history against the same document stored as the
 * relay stored it before history (one garbage-collected snapshot), the time to open a document's
 * history, and the time to read the text of every version. With `--browser`, also serves the data
 * directory from a relay process and measures, in headless Chromium, opening the History panel
 * and scrubbing from each version to the next.
 *
 *     npx tsx bench/historyCost.ts [--trace path/to/automerge-paper.json.gz] [--browser] [--keep DIR]
 *     npx tsx bench/historyCost.ts --panel-only DIR     # the browser figures of a kept data directory
 *
 * `--keep DIR` stores into DIR (created) and leaves it there; `--panel-only DIR` skips storing and
 * measures only the History panel of the data directory a `--keep` run left.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import { textAt } from '../shared/history/runTable.ts'
import { ChangeRecorder } from '../server/history/changeRecorder.ts'
import { DocHistory } from '../server/history/docHistory.ts'
import { plainBundle } from '../server/history/plainBundle.ts'
import { SqliteStore } from '../server/store/sqliteStore.ts'
import { applyPatch, defaultTracePath, patchesOf, readTrace } from './trace.ts'

const { values: args } = parseArgs({ options: { trace: { type: 'string', default: defaultTracePath }, browser: { type: 'boolean', default: false }, keep: { type: 'string' }, 'panel-only': { type: 'string' } } })
if (args['panel-only']) {
  console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  const { measureHistoryPanel } = await import('./historyPanelCost.ts')
  await measureHistoryPanel(args['panel-only'], 'paper')
  process.exit(0)
}
const trace = readTrace(args.trace!)
const every = 1000
const compactEvery = 500

const typist = new Y.Doc()
const typed = typist.getText('codemirror')
const updates: Uint8Array[] = []
const textsAtVersions: string[] = []
typist.on('update', (update: Uint8Array) => updates.push(update))
for (const patch of patchesOf(trace)) {
  const count = updates.length
  typist.transact(() => applyPatch(typed, patch))
  if (updates.length > count && updates.length % every === 0) textsAtVersions.push(typed.toString())
}
console.log(`${updates.length} keystrokes, final text ${typed.length} characters, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)

const dirSize = (dir: string) => fs.readdirSync(dir).reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0)
const vacuum = (dir: string) => {
  const db = new Database(path.join(dir, 'mergepad.sqlite'))
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('VACUUM')
  db.close()
}

// With history: the relay's replica keeps deletions, every change has its record.
const dir = args.keep ? (fs.mkdirSync(args.keep, { recursive: true }), args.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-history-cost-'))
const store = await SqliteStore.open(dir)
const replica = new Y.Doc({ gc: false })
const recorder = new ChangeRecorder<string>(replica, (who) => who)
let started = performance.now()
let seq = 0
const versionSeqs: number[] = []
for (let i = 0; i < updates.length; i++) {
  Y.applyUpdate(replica, updates[i], 'Ada')
  seq = await store.append('paper', updates[i], recorder.take(Date.now()))
  if ((i + 1) % compactEvery === 0) await store.compact('paper', Y.encodeStateAsUpdate(replica), seq)
  if ((i + 1) % every === 0) versionSeqs.push((await store.addVersion('paper', { at: Date.now(), label: `after ${i + 1}`, kind: 'named', by: 'Ada', restoredFrom: null })).seq)
}
await store.compact('paper', Y.encodeStateAsUpdate(replica), seq)
console.log(`stored ${updates.length} changes and ${versionSeqs.length} versions in ${((performance.now() - started) / 1000).toFixed(1)} s`)

started = performance.now()
const history = await DocHistory.open(store, 'paper')
const runs = history.runTable()
const openMs = performance.now() - started
const times: number[] = []
for (let v = 0; v < versionSeqs.length; v++) {
  const t = performance.now()
  const text = textAt(runs, versionSeqs[v])
  times.push(performance.now() - t)
  if (text !== textsAtVersions[v]) throw new Error(`version ${v + 1} does not read back as the trace's text at that point`)
}
times.sort((a, b) => a - b)
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2)
console.log(`history open (load, replay, run table of ${runs.count} runs): ${openMs.toFixed(0)} ms`)
console.log(`text of a version (all ${times.length} checked equal to the trace): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`)
// The bundle a relay keeps of a long history once its panel has been opened counts on disk too.
await plainBundle(history, store, Date.now())
console.log(`bundle kept in the store: ${((await store.keptBundle('paper'))?.data.length ?? 0) / 1024} KiB gzipped`)
await store.close()
vacuum(dir)
const withHistory = dirSize(dir)

// Without history, as the relay stored it before: one garbage-collected snapshot.
const plain = new Y.Doc()
for (const update of updates) Y.applyUpdate(plain, update)
const before = fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-no-history-'))
const old = await SqliteStore.open(before)
const snapshot = Y.encodeStateAsUpdate(plain)
await old.compact('paper', snapshot, await old.append('paper', snapshot))
await old.close()
const db = new Database(path.join(before, 'mergepad.sqlite'))
db.exec('DELETE FROM history_chunks')
db.close()
vacuum(before)
const withoutHistory = dirSize(before)
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`
console.log(`on disk: with history ${kb(withHistory)}, without ${kb(withoutHistory)} (snapshot ${kb(snapshot.length)}); ratio ${(withHistory / withoutHistory).toFixed(2)}`)
console.log(`gc:false snapshot ${kb(Y.encodeStateAsUpdate(replica).length)}`)
fs.rmSync(before, { recursive: true })

if (args.browser) {
  const { measureHistoryPanel } = await import('./historyPanelCost.ts')
  await measureHistoryPanel(dir, 'paper')
}
if (!args.keep) fs.rmSync(dir, { recursive: true })
console.log(`load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
