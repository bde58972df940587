import v8 from 'node:v8'
import vm from 'node:vm'
import * as Y from 'yjs'

let collect: (() => void) | null = null

/**
 * Bytes a Y.Doc holding `update` takes in this process's heap (JavaScript heap plus external
 * memory): `copies` replicas are made between two full garbage collections and the growth is
 * divided among them, so that a small document's figure is not lost in the collector's noise.
 * What a document costs as a bare Yjs replica, to set beside what a server holds per loaded one.
 */
export function replicaHeapBytes(update: Uint8Array, copies = 1): number {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc')
    collect = vm.runInNewContext('gc') as () => void
  }
  const used = (): number => {
    collect!()
    const { heapUsed, external } = process.memoryUsage()
    return heapUsed + external
  }
  used()
  const before = used()
  const docs = Array.from({ length: copies }, () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, update)
    return doc
  })
  const after = used()
  for (const doc of docs) doc.destroy()
  return (after - before) / copies
}
