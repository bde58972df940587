import * as Y from 'yjs'
import { connectClient } from '../test/helpers/client.ts'
import { applyPatch, type EditingTrace } from './trace.ts'

/**
 * The trace's final document as one Yjs update of `Y.Text('codemirror')` (the editor's text), one
 * Yjs transaction per trace transaction; throws if the replay does not end at `endContent`.
 */
export function editorUpdateOfTrace(trace: EditingTrace): Uint8Array {
  const doc = new Y.Doc()
  const text = doc.getText('codemirror')
  text.insert(0, trace.startContent)
  for (const { patches } of trace.txns) doc.transact(() => patches.forEach((patch) => applyPatch(text, patch)))
  if (text.toString() !== trace.endContent) throw new Error('replay did not reproduce endContent')
  return Y.encodeStateAsUpdate(doc)
}

/** Puts `update` on the relay at `url` as document `name`, and waits until a second client reads all `length` characters back. */
export async function seedDocument(url: string, name: string, update: Uint8Array, length: number): Promise<void> {
  const writer = connectClient(url, name, 'seed')
  await writer.synced()
  Y.applyUpdate(writer.doc, update)
  const reader = connectClient(url, name, 'check')
  const deadline = Date.now() + 30_000
  while (reader.text.length !== length) {
    if (Date.now() > deadline) throw new Error('relay did not return the seeded document')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  writer.destroy()
  reader.destroy()
}
