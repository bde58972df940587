import fs from 'node:fs'
import path from 'node:path'
import * as Y from 'yjs'
import { copyUpdateAs } from './copyUpdate.ts'
import { traceDocumentUpdate } from './trace.ts'

/** Copies of the automerge-paper document in the join-storm document: 14 × 289 KB ≈ 4.0 MB. */
export const stormCopies = 14

/** Client ids of the copies: far from the random 32-bit ids Yjs picks, so none collides. */
const firstCopyClient = 7_000_000

/**
 * The join-storm document as one Yjs update, cached in `cacheDir`: the automerge-paper trace
 * replayed once (259,778 edits, deletions kept), and that replay's update copied under
 * {@link stormCopies} client ids, as if that many authors had each written the paper into the
 * same text at once (every copy starts at the text's beginning, so their characters interleave
 * where the copies meet). The copies are merged without being applied, so building it takes
 * seconds, not one trace replay per copy.
 */
export function stormDocumentUpdate(traceFile: string, cacheDir: string): string {
  const cached = path.join(cacheDir, `${path.basename(traceFile).replace(/\.json(\.gz)?$/, '')}-x${stormCopies}.yjs`)
  if (fs.existsSync(cached)) return cached
  const paper = new Uint8Array(fs.readFileSync(traceDocumentUpdate(traceFile, cacheDir)))
  const clients = [...Y.parseUpdateMeta(paper).to.keys()]
  if (clients.length !== 1) throw new Error(`${traceFile} replayed into ${clients.length} clients; expected one`)
  const copies = Array.from({ length: stormCopies }, (_, index) => copyUpdateAs(paper, clients[0], firstCopyClient + index))
  fs.writeFileSync(cached, Y.mergeUpdates(copies))
  return cached
}
