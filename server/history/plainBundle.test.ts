import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeBundle } from '../../shared/history/historyBundle.ts'
import { MemoryStore } from '../store/memoryStore.ts'
import { DocHistory } from './docHistory.ts'
import { bundleKeepMs, plainBundle } from './plainBundle.ts'

it('encodes a bundle once while nothing is stored, no version is made and it is fresh', async () => {
  const store = new MemoryStore()
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array) => void store.append('notes', update))
  const type = (text: string) => doc.getText('codemirror').insert(doc.getText('codemirror').length, text)
  type('Dear Ben,')
  const history = await DocHistory.open(store, 'notes')
  await history.prepareRuns()
  const bundleAt = async (now: number) => plainBundle(history, await store.listVersions('notes'), now)

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
