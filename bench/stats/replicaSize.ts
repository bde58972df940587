import v8 from 'node:v8'
import vm from 'node:vm'
import * as Y from 'yjs'

let collect: (() => void) | null = null

/**
 * Bytes a Y.Doc holding `update` takes in this process's heap (JavaScript heap plus external
 * memory), measured between two full garbage collections: what a document costs as a bare Yjs
 * replica, to set beside what a server holds per loaded document.
 */
export function replicaHeapBytes(update: Uint8Array): number {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc')
    collect = vm.runInNewContext('gc') as () => void
  }
  const used = (): number => {
    collect!()
    const { heapUsed, external } = process.memoryUsage()
    return heapUsed + external
  }
  const before = used()
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const after = used()
  doc.destroy()
  return after - before
}
