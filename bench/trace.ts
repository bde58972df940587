import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import * as Y from 'yjs'

/** One edit of a trace: at `pos`, delete `deleteCount` characters, then insert `insert`. */
export type Patch = [pos: number, deleteCount: number, insert: string]

/** An editing trace in josephg/editing-traces' format. */
export interface EditingTrace {
  startContent: string
  endContent: string
  txns: { time: string; patches: Patch[] }[]
}

/** Where the trace is looked for when no path is given: `../shared/traces/` beside the repository. */
export const defaultTracePath = fileURLToPath(new URL('../../shared/traces/automerge-paper.json.gz', import.meta.url))

/** Reads a gzipped (or plain) JSON editing trace; throws naming the file if it is missing. */
export function readTrace(file: string): EditingTrace {
  if (!fs.existsSync(file)) throw new Error(`Trace ${file} not found; pass --trace PATH (automerge-paper.json.gz from josephg/editing-traces)`)
  const raw = fs.readFileSync(file)
  const json = file.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8')
  return JSON.parse(json) as EditingTrace
}

/** Every patch of the trace in order. */
export function* patchesOf(trace: EditingTrace): Generator<Patch> {
  for (const txn of trace.txns) yield* txn.patches
}

/** Applies one patch to a Y.Text (in whatever transaction the caller has open). */
export function applyPatch(text: Y.Text, [pos, deleteCount, insert]: Patch): void {
  if (deleteCount > 0) text.delete(pos, deleteCount)
  if (insert.length > 0) text.insert(pos, insert)
}

/**
 * The trace's final document as one Yjs update (text type `text`), cached beside `cacheDir` so a
 * suite builds it once; also checks the replay ends at the trace's `endContent`.
 */
export function traceDocumentUpdate(traceFile: string, cacheDir: string): string {
  const cached = path.join(cacheDir, `${path.basename(traceFile).replace(/\.json(\.gz)?$/, '')}.yjs`)
  if (fs.existsSync(cached)) return cached
  const trace = readTrace(traceFile)
  const doc = new Y.Doc()
  const text = doc.getText('text')
  doc.transact(() => {
    if (trace.startContent) text.insert(0, trace.startContent)
    for (const patch of patchesOf(trace)) applyPatch(text, patch)
  })
  if (text.toString() !== trace.endContent) throw new Error(`Replaying ${traceFile} did not reproduce its endContent`)
  fs.mkdirSync(cacheDir, { recursive: true })
  fs.writeFileSync(cached, Y.encodeStateAsUpdate(doc))
  return cached
}
