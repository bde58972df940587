import { type AwarenessEntry, decodeAwarenessEntries, encodeAwarenessEntries } from '../shared/index.ts'

/**
 * Decodes an awareness update fully, checking that every state is valid JSON, and keeps the
 * entries `mayWrite` allows; `rewrite`, when given, replaces each kept state that is not `null`
 * (it gets and returns the parsed state). Returns the update to apply (the original bytes when
 * nothing was dropped or rewritten) and the kept entries. Throws on a truncated update or a state
 * that is not JSON, before anything has been applied anywhere.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  mayWrite: (clientId: number) => boolean,
  rewrite?: (state: unknown) => unknown,
): { update: Uint8Array; kept: AwarenessEntry[]; dropped: number } {
  const kept: AwarenessEntry[] = []
  let dropped = 0
  let rewritten = false
  for (const entry of decodeAwarenessEntries(update)) {
    const parsed: unknown = JSON.parse(entry.state)
    if (!mayWrite(entry.clientId)) {
      dropped++
      continue
    }
    if (rewrite && parsed !== null) {
      const state = JSON.stringify(rewrite(parsed))
      rewritten ||= state !== entry.state
      entry.state = state
    }
    kept.push(entry)
  }
  if (dropped === 0 && !rewritten) return { update, kept, dropped }
  return { update: encodeAwarenessEntries(kept), kept, dropped }
}
