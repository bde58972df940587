import { gunzipSync, gzipSync } from 'node:zlib'
import { expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { decodeBundle } from '../../shared/history/historyBundle.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { DocHistory } from './docHistory.ts'
import { bundleKeepMs, keptBundleAt, longHistoryChanges, plainBundle } from './plainBundle.ts'

it('encodes a bundle once while nothing is stored, no version is made and it is fresh', async () => {
  const store = new MemoryStore()
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => void store.append('notes', update))
  const type = (text: string) => doc.getText('codemirror').insert(doc.getText('codemirror').length, text)
  type('Dear Ben,')
  const history = await DocHistory.open(store, 'notes')
  await history.prepareRuns()
  const bundleAt = (now: number) => plainBundle(history, store, now)

  const first = await bundleAt(1000)
  expect(await bundleAt(1000 + bundleKeepMs - 1)).toBe(first)

  await store.addVersion('notes', { at: 2000, label: 'Draft', kind: 'named', by: 'Ada', restoredFrom: null })
  const named = await bundleAt(3000)
  expect(named).not.toBe(first)
  expect(decodeBundle(named).points.map((p) => p.label)).toContain('Draft')

  type(' thanks')
  await history.refresh()
  const typed = await bundleAt(3000)
  expect(typed).not.toBe(named)
  expect(decodeBundle(typed).head).toBe(history.seq)

  expect(await bundleAt(3000 + bundleKeepMs)).not.toBe(typed)
})

it('keeps a long history’s bundle in the store, good for as long as nothing is stored and no version made', async () => {
  const store = new MemoryStore()
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => void store.append('long', update))
  for (let i = 0; i < longHistoryChanges; i++) doc.getText('codemirror').insert(i, 'x')
  const history = await DocHistory.open(store, 'long')
  await history.prepareRuns()

  const bytes = await plainBundle(history, store, 1000)
  await vi.waitFor(async () => expect(await store.keptBundle('long')).not.toBeNull())
  expect(await keptBundleAt(store, 'long', history.seq)).toEqual(gzipSync(bytes, { level: 6 }))
  expect(gunzipSync(await keptBundleAt(store, 'long', history.seq) as Uint8Array)).toEqual(Buffer.from(bytes))
  expect(await keptBundleAt(store, 'long', history.seq + 1)).toBeNull()
  await store.addVersion('long', { at: 2000, label: 'Draft', kind: 'named', by: 'Ada', restoredFrom: null })
  expect(await keptBundleAt(store, 'long', history.seq)).toBeNull()

  const short = new MemoryStore()
  await short.append('short', Y.encodeStateAsUpdate(doc))
  const shortHistory = await DocHistory.open(short, 'short')
  await shortHistory.prepareRuns()
  await plainBundle(shortHistory, short, 1000)
  expect(await short.keptBundle('short')).toBeNull()
})
