import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** One entry of a y-protocols awareness update: a client's state at a clock. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The state as JSON text; `'null'` means the client is gone. */
  state: string
}

/**
 * Reads every entry of an awareness update (the body of an `awareness` message), in the layout
 * y-protocols writes: a count, then per entry a client id, a clock and the state as JSON text.
 * Throws on a truncated update or bytes after the last entry; the states are not parsed.
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    entries.push({ clientId, clock, state: decoding.readVarString(decoder) })
  }
  if (decoding.hasContent(decoder)) throw new Error(`awareness update has ${update.length - decoder.pos} trailing bytes`)
  return entries
}

/** Writes `entries` as one awareness update, the inverse of {@link decodeAwarenessEntries}. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
