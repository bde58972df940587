import { equalFlat } from 'lib0/array'
import * as Y from 'yjs'
import type { Replica } from './replica.ts'

/** Whether `replicas` hold the same text and have received the same updates. */
export function sameState(replicas: readonly Replica[]): boolean {
  if (replicas.length < 2) return true
  const [first, ...rest] = replicas
  const vector = Y.encodeStateVector(first.doc)
  const text = first.text.toString()
  return rest.every((r) => r.text.toString() === text && equalFlat(Y.encodeStateVector(r.doc), vector))
}
