import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import Database from 'better-sqlite3'
import { waitFor } from '../../test/helpers/wait.ts'
import { SqliteStore } from './sqliteStore.ts'

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-store-'))

/** Builds a document by typing `words` one update each; returns the updates. */
function typeWords(words: string[]): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const word of words) doc.getText('codemirror').insert(doc.getText('codemirror').length, word)
  return updates
}

function textOf(stored: { snapshot: Uint8Array | null; log: Uint8Array[] }): string {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.log) Y.applyUpdate(doc, update)
  return doc.getText('codemirror').toString()
}

describe('SqliteStore', () => {
  it('appends to a log per document and reads it back after reopening', async () => {
    const dir = tempDir()
    const store = await SqliteStore.open(dir)
    for (const update of typeWords(['a', 'b', 'c'])) await store.append('one', update)
    for (const update of typeWords(['x'])) await store.append('two', update)
    await store.close()

    const reopened = await SqliteStore.open(dir)
    const one = await reopened.load('one')
    expect(one.snapshot).toBeNull()
    expect(one.log).toHaveLength(3)
    expect(textOf(one)).toBe('abc')
    expect(textOf(await reopened.load('two'))).toBe('x')
    expect(await reopened.load('never')).toEqual({ snapshot: null, log: [] })
    await reopened.close()
  })

  it('compacts: the snapshot replaces the whole log in one step', async () => {
    const store = await SqliteStore.open(tempDir())
    const [he, llo, bang] = typeWords(['he', 'llo', '!'])
    await store.append('doc', he)
    await store.append('doc', llo)
    await store.compact('doc', Y.mergeUpdates([he, llo]))
    await store.append('doc', bang)

    const stored = await store.load('doc')
    expect(stored.log).toHaveLength(1)
    expect(textOf({ snapshot: stored.snapshot, log: [] })).toBe('hello')
    expect(textOf(stored)).toBe('hello!')
    await store.close()
  })

  it('keeps every append of a process killed before it could compact', async () => {
    const dir = tempDir()
    const script = `
      import { SqliteStore } from ${JSON.stringify(fileURLToPath(new URL('./sqliteStore.ts', import.meta.url)))}
      import * as Y from 'yjs'
      const store = await SqliteStore.open(${JSON.stringify(dir)})
      const doc = new Y.Doc()
      const appended = []
      doc.on('update', (u) => appended.push(store.append('crash', u)))
      for (let i = 0; i < 200; i++) doc.getText('codemirror').insert(i, String(i % 10))
      await Promise.all(appended)
      process.kill(process.pid, 'SIGKILL')
    `
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    })
    expect(child.signal).toBe('SIGKILL')

    const store = await SqliteStore.open(dir)
    const stored = await store.load('crash')
    expect(stored.log).toHaveLength(200)
    expect(textOf(stored)).toBe('0123456789'.repeat(20))
    await store.close()
  })

  it('commits the appends of one turn, from every document, together, and only then resolves them', async () => {
    const dir = tempDir()
    const store = await SqliteStore.open(dir)
    const reader = new Database(store.file, { readonly: true })
    const rows = () => (reader.prepare('SELECT count(*) AS n FROM log').get() as { n: number }).n
    const [a] = typeWords(['a'])
    const [b] = typeWords(['b'])
    const first = store.append('one', a)
    const second = store.append('two', b)
    expect(rows()).toBe(0)
    await Promise.all([first, second])
    expect(rows()).toBe(2)
    reader.close()
    await store.close()
    const reopened = await SqliteStore.open(dir)
    expect(textOf(await reopened.load('two'))).toBe('b')
    await reopened.close()
  })

  it('moves a log written by the earlier rowid schema into the clustered log, in order', async () => {
    const dir = tempDir()
    const old = new Database(path.join(dir, 'mergepad.sqlite'))
    old.exec('CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL)')
    const insert = old.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')
    const [x, y, z] = typeWords(['x', 'y', 'z'])
    insert.run('doc', x)
    insert.run('other', typeWords(['o'])[0])
    insert.run('doc', y)
    old.close()

    const store = await SqliteStore.open(dir)
    await store.append('doc', z)
    const stored = await store.load('doc')
    expect(stored.log.map((update) => Buffer.from(update))).toEqual([x, y, z].map((update) => Buffer.from(update)))
    expect(textOf(await store.load('other'))).toBe('o')
    await store.close()
  })

  it('copies committed appends into the database file in the background once a few hundred commits wait', async () => {
    const store = await SqliteStore.open(tempDir())
    const databaseBytes = () => fs.statSync(store.file).size
    for (let i = 0; i < 300; i++) await store.append(`doc-${i % 20}`, new Uint8Array(2000).fill(i))
    await waitFor(() => databaseBytes() > 400_000, 'the checkpointer to copy the log into the database file')
    await store.close()
  })

  it('leaves a few commits in the log for now, so the next commit does not start the log over', async () => {
    const store = await SqliteStore.open(tempDir())
    const databaseBytes = () => fs.statSync(store.file).size
    const before = databaseBytes()
    for (let i = 0; i < 5; i++) await store.append('doc', new Uint8Array(50_000).fill(i))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(databaseBytes()).toBe(before)
    expect(fs.statSync(`${store.file}-wal`).size).toBeGreaterThan(200_000)
    await store.close()
  })

  it('refuses to open when SQLite cannot open its file', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'mergepad.sqlite'))
    await expect(SqliteStore.open(dir)).rejects.toThrow(/unable to open database file|directory/)
  })

  it('uses WAL journaling in one file under the data directory', async () => {
    const dir = tempDir()
    const store = await SqliteStore.open(path.join(dir, 'nested'))
    await store.append('doc', typeWords(['x'])[0])
    expect(fs.existsSync(path.join(dir, 'nested', 'mergepad.sqlite'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'nested', 'mergepad.sqlite-wal'))).toBe(true)
    await store.close()
  })
})
