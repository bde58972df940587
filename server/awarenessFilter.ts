import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** One entry of an awareness update: a client's state at a clock; `state` null means "gone". */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: string
}

/**
 * Decodes an awareness update fully, checking that every state is valid JSON, and keeps the
 * entries `mayWrite` allows. Returns the update to apply (the original bytes when nothing was
 * dropped) and the kept entries. Throws on a truncated update or a state that is not JSON, before
 * anything has been applied anywhere.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  mayWrite: (clientId: number) => boolean,
): { update: Uint8Array; kept: AwarenessEntry[]; dropped: number } {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const kept: AwarenessEntry[] = []
  let dropped = 0
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const state = decoding.readVarString(decoder)
    JSON.parse(state)
    if (mayWrite(clientId)) kept.push({ clientId, clock, state })
    else dropped++
  }
  if (decoding.hasContent(decoder)) throw new Error(`awareness update has ${update.length - decoder.pos} trailing bytes`)
  if (dropped === 0) return { update, kept, dropped }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, kept.length)
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return { update: encoding.toUint8Array(encoder), kept, dropped }
}
