import { contentHash } from './contentHash.ts'

/** Whether the replicas hold the same text: the badge over the three columns. */
export type Convergence = { kind: 'converged'; hash: string } | { kind: 'diverged'; versions: number }

/** Compares the replicas' texts: converged with the text's hash when all are equal. */
export function convergence(texts: readonly string[]): Convergence {
  const versions = new Set(texts).size
  return versions <= 1 ? { kind: 'converged', hash: contentHash(texts[0] ?? '') } : { kind: 'diverged', versions }
}
