import * as Y from 'yjs'
import type { Replica } from './replica.ts'

/** Whether `replicas` hold the same text and have received the same updates. */
export function sameState(replicas: readonly Replica[]): boolean {
  if (replicas.length < 2) return true
  const [first, ...rest] = replicas
  const vector = Y.encodeStateVector(first.doc)
  const text = first.text.toString()
  return rest.every((r) => r.text.toString() === text && equalBytes(Y.encodeStateVector(r.doc), vector))
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
