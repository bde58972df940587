import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { waitFor } from '../../test/helpers/wait.ts'
import { describeDocCatalog } from './docCatalog.contract.ts'
import { describeDocStore, textOf, typeWords } from './docStore.contract.ts'
import { describeHistoryStore } from './historyStore.contract.ts'
import { schemaVersion } from './sqliteSchema.ts'
import { SqliteStore } from './sqliteStore.ts'

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mergepad-store-'))
const storeModule = fileURLToPath(new URL('./sqliteStore.ts', import.meta.url))

describeDocCatalog('SqliteStore', async () => {
  const dir = tempDir()
  return { open: () => SqliteStore.open(dir), durable: true }
})

const sqliteStores = async () => {
  const dir = tempDir()
  return {
    open: () => SqliteStore.open(dir),
    durable: true,
    openInChild: `import { SqliteStore } from ${JSON.stringify(storeModule)}
      const store = await SqliteStore.open(${JSON.stringify(dir)})`,
  }
}
describeDocStore('SqliteStore', sqliteStores)
describeHistoryStore('SqliteStore', sqliteStores)

describe('SqliteStore', () => {
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

  it('opens a data directory written before the schema had versions, intact, and numbers on from it', async () => {
    const dir = tempDir()
    fs.copyFileSync(new URL('../../test/fixtures/sqlite-unversioned/mergepad.sqlite', import.meta.url), path.join(dir, 'mergepad.sqlite'))
    const store = await SqliteStore.open(dir)
    const notes = await store.load('notes')
    expect(textOf({ ...notes, log: [] })).toBe('Hello world')
    expect(notes.log.map((entry) => entry.seq)).toEqual([1, 2])
    expect(notes.seq).toBe(2)
    expect(textOf(notes)).toBe('Hello world!?')
    expect(await store.load('draft')).toMatchObject({ snapshot: null, seq: 3 })
    expect(textOf(await store.load('draft'))).toBe('abc')

    const [more] = typeWords(['x'])
    expect(await store.append('notes', more)).toBe(3)
    await store.compact('notes', more, 3)
    expect(await store.load('notes')).toMatchObject({ log: [], seq: 3 })
    await store.close()

    const db = new Database(path.join(dir, 'mergepad.sqlite'), { readonly: true })
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
    db.close()
    expect(versions).toEqual(Array.from({ length: schemaVersion }, (_, i) => i + 1))
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
    expect(await store.append('doc', z)).toBe(3)
    const stored = await store.load('doc')
    expect(stored.log).toEqual([x, y, z].map((update, i) => ({ seq: i + 1, update: new Uint8Array(update) })))
    expect(textOf(await store.load('other'))).toBe('o')
    await store.close()
  })

  it('refuses a file whose schema is newer than it knows, changing nothing', async () => {
    const dir = tempDir()
    await (await SqliteStore.open(dir)).close()
    const db = new Database(path.join(dir, 'mergepad.sqlite'))
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(schemaVersion + 1)
    db.close()
    await expect(SqliteStore.open(dir)).rejects.toThrow(`schema version ${schemaVersion + 1}, newer than this relay's ${schemaVersion}`)
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

  it("copies a quiet writer's few commits once it has been quiet for five seconds, and closes at once when idle", async () => {
    const store = await SqliteStore.open(tempDir())
    const databaseBytes = () => fs.statSync(store.file).size
    const before = databaseBytes()
    await new Promise((resolve) => setTimeout(resolve, 200)) // the checkpointer, finding nothing, sleeps
    for (let i = 0; i < 5; i++) await store.append('doc', new Uint8Array(50_000).fill(i))
    await waitFor(() => databaseBytes() > before + 200_000, 'the quiet checkpoint', 8000)
    const started = Date.now()
    await store.close()
    expect(Date.now() - started).toBeLessThan(1000)
  }, 10_000)

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
