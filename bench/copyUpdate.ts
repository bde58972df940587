import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Content kinds of a Yjs item (V1 encoding) that a text trace produces. */
const contentDeleted = 1
const contentString = 4
/** Struct kinds that are not items. */
const gcInfo = 0
const skipInfo = 10

/**
 * A copy of a Yjs update (V1 encoding) whose every reference to client `from` (its structs, their
 * origins and parents, its delete set) names client `to` instead: the same edits, as if another
 * author had made them. Lets a benchmark build a large document from one replayed trace without
 * replaying it again. Handles what a text-only trace produces (strings, deletions, GC); throws a
 * RangeError on any other content, and when the update holds structs of any client but `from`.
 */
export function copyUpdateAs(update: Uint8Array, from: number, to: number): Uint8Array {
  const decoder = decoding.createDecoder(update)
  const encoder = encoding.createEncoder()
  const uint = (): number => {
    const value = decoding.readVarUint(decoder)
    encoding.writeVarUint(encoder, value)
    return value
  }
  const client = (): void => {
    const value = decoding.readVarUint(decoder)
    encoding.writeVarUint(encoder, value === from ? to : value)
  }
  const bytes = (): void => encoding.writeVarUint8Array(encoder, decoding.readVarUint8Array(decoder))
  const id = (): void => {
    client()
    uint()
  }

  const clients = uint()
  for (let c = 0; c < clients; c++) {
    const structs = uint()
    const owner = decoding.readVarUint(decoder)
    if (owner !== from) throw new RangeError(`Update holds structs of client ${owner}; only ${from} can be copied`)
    encoding.writeVarUint(encoder, to)
    uint() // first clock
    for (let s = 0; s < structs; s++) {
      const info = decoding.readUint8(decoder)
      encoding.writeUint8(encoder, info)
      const kind = info & 0b11111
      if (kind === gcInfo || kind === skipInfo) {
        uint()
        continue
      }
      const hasOrigin = (info & 0x80) !== 0
      const hasRightOrigin = (info & 0x40) !== 0
      if (hasOrigin) id()
      if (hasRightOrigin) id()
      if (!hasOrigin && !hasRightOrigin) {
        if (uint() === 1) bytes() // a root type's name
        else id() // the parent item
        if ((info & 0x20) !== 0) bytes() // parentSub
      }
      if (kind === contentString) bytes()
      else if (kind === contentDeleted) uint()
      else throw new RangeError(`Content of kind ${kind} cannot be copied; only text traces are supported`)
    }
  }
  const deleteClients = uint()
  for (let c = 0; c < deleteClients; c++) {
    client()
    const ranges = uint()
    for (let r = 0; r < ranges; r++) {
      uint()
      uint()
    }
  }
  if (decoding.hasContent(decoder)) throw new RangeError(`${update.length - decoder.pos} bytes left after the update`)
  return encoding.toUint8Array(encoder)
}
