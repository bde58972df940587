import { promisify } from 'node:util'
import zlib from 'node:zlib'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { type ChangeInput, type ChangeRecord, type ChangeVisitor, RecordCollector } from './changeRecord.ts'

const formatVersion = 1

/** The columns of an encoding, in the order they are written. */
const columnNames = ['seq', 'at', 'parts', 'author', 'insCount', 'delCount', 'insClient', 'insClock', 'insLen', 'delClient', 'delClock', 'delLen'] as const

/**
 * The column encoders, made once and emptied before each encoding: encoding is synchronous, so one
 * set serves every call. A store encodes a record for every log entry it appends, and making twelve
 * encoders (each a new buffer) for each took more of a busy relay's time than writing the entry.
 */
const scratch = Object.fromEntries(columnNames.map((name) => [name, encoding.createEncoder()])) as Record<(typeof columnNames)[number], encoding.Encoder>

/**
 * Encodes change records, oldest first, in columns: sequence numbers and times as deltas, authors
 * and clients as indexes into tables written once, and ids relative to where that client's
 * previous insertion ended, so typing one character after another costs a few zero bytes that
 * deflate to almost nothing. {@link decodeChanges} reads it back exactly.
 */
export function encodeChanges(records: readonly ChangeRecord[]): Uint8Array {
  const authors = new Table<string>()
  const clients = new Table<number>()
  const cols = scratch
  for (const name of columnNames) emptied(cols[name])
  const ends = new Map<number, number>()
  let seq = 0
  let at = 0
  for (const record of records) {
    if (record.seq <= seq) throw new RangeError(`change records must be in increasing order: ${record.seq} after ${seq}`)
    encoding.writeVarUint(cols.seq, record.seq - seq)
    encoding.writeVarInt(cols.at, record.at - at)
    ;[seq, at] = [record.seq, record.at]
    encoding.writeVarUint(cols.parts, record.parts.length)
    for (const part of record.parts) {
      encoding.writeVarUint(cols.author, part.author === null ? 0 : authors.index(part.author) + 1)
      encoding.writeVarUint(cols.insCount, part.inserts.length)
      encoding.writeVarUint(cols.delCount, part.deletes.length)
      for (const [client, clock, len] of part.inserts) {
        encoding.writeVarUint(cols.insClient, clients.index(client))
        encoding.writeVarInt(cols.insClock, clock - (ends.get(client) ?? 0))
        encoding.writeVarUint(cols.insLen, len)
        ends.set(client, clock + len)
      }
      for (const [client, clock, len] of part.deletes) {
        encoding.writeVarUint(cols.delClient, clients.index(client))
        encoding.writeVarInt(cols.delClock, (ends.get(client) ?? 0) - clock)
        encoding.writeVarUint(cols.delLen, len)
      }
    }
  }
  const out = encoding.createEncoder()
  encoding.writeVarUint(out, formatVersion)
  encoding.writeVarUint(out, records.length)
  encoding.writeVarUint(out, authors.items.length)
  for (const author of authors.items) encoding.writeVarString(out, author)
  encoding.writeVarUint(out, clients.items.length)
  for (const client of clients.items) encoding.writeVarUint(out, client)
  for (const name of columnNames) writeColumn(out, cols[name])
  return encoding.toUint8Array(out)
}

/** Decodes what {@link encodeChanges} wrote. Throws a RangeError on bytes it did not write. */
export function decodeChanges(bytes: Uint8Array): ChangeRecord[] {
  const collector = new RecordCollector()
  visitChanges(bytes, collector)
  return collector.records
}

/**
 * Tells `visitor` the changes after `afterSeq` of what {@link encodeChanges} wrote, without making
 * an object per change. Throws a RangeError on bytes it did not write.
 */
export function visitChanges(bytes: Uint8Array, visitor: ChangeVisitor, afterSeq = 0): void {
  const input = decoding.createDecoder(bytes)
  const version = decoding.readVarUint(input)
  if (version !== formatVersion) throw new RangeError(`unknown change record format ${version}`)
  const count = decoding.readVarUint(input)
  const authors = Array.from({ length: decoding.readVarUint(input) }, () => decoding.readVarString(input))
  const clients = Array.from({ length: decoding.readVarUint(input) }, () => decoding.readVarUint(input))
  const cols = Object.fromEntries(columnNames.map((name) => [name, decoding.createDecoder(decoding.readVarUint8Array(input))])) as Record<(typeof columnNames)[number], decoding.Decoder>
  // Where each client's last insertion ended, by index into `clients`: clocks are relative to it.
  const ends = new Float64Array(clients.length)
  let seq = 0
  let at = 0
  for (let i = 0; i < count; i++) {
    seq += decoding.readVarUint(cols.seq)
    at += decoding.readVarInt(cols.at)
    const tell = seq > afterSeq
    if (tell) visitor.change(seq, at)
    for (let p = decoding.readVarUint(cols.parts); p > 0; p--) {
      const author = decoding.readVarUint(cols.author)
      const insCount = decoding.readVarUint(cols.insCount)
      const delCount = decoding.readVarUint(cols.delCount)
      if (tell) visitor.part(author === 0 ? null : authors[author - 1])
      for (let k = 0; k < insCount; k++) {
        const client = decoding.readVarUint(cols.insClient)
        const clock = ends[client] + decoding.readVarInt(cols.insClock)
        const len = decoding.readVarUint(cols.insLen)
        ends[client] = clock + len
        if (tell) visitor.inserted(clients[client], clock, len)
      }
      for (let k = 0; k < delCount; k++) {
        const client = decoding.readVarUint(cols.delClient)
        const clock = ends[client] - decoding.readVarInt(cols.delClock)
        const len = decoding.readVarUint(cols.delLen)
        if (tell) visitor.deleted(clients[client], clock, len)
      }
    }
  }
}

/**
 * One change as a store keeps it beside its log entry before a compaction files it in a chunk:
 * {@link encodeChanges} of that one record, whose sequence number is the entry's (so it may be
 * encoded before the store numbers the entry; {@link decodeRawChange} is given the number).
 */
export function encodeRawChange(change: ChangeInput): Uint8Array {
  return encodeChanges([{ seq: 1, at: change.at, parts: change.parts }])
}

/** The record of log entry `seq` from what {@link encodeRawChange} wrote. */
export function decodeRawChange(bytes: Uint8Array, seq: number): ChangeRecord {
  const [record] = decodeChanges(bytes)
  return { ...record, seq }
}

/**
 * Marks a chunk compressed with Brotli. Raw deflate never starts with it: its low three bits
 * would be a last block of the reserved type 3.
 */
const brotliMark = 0xff

/**
 * Change records as a stored chunk: {@link encodeChanges}, compressed. A `sealed` chunk (full,
 * never rewritten) gets Brotli at its strongest (about 40% smaller than deflate on typing, some
 * 50 ms per 4,096 changes); the last chunk, rewritten by every compaction until it fills, gets
 * fast deflate.
 */
export function packChunk(records: readonly ChangeRecord[], sealed = false): Uint8Array {
  const encoded = encodeChanges(records)
  return sealed ? marked(zlib.brotliCompressSync(encoded, brotliOptions(encoded))) : new Uint8Array(zlib.deflateRawSync(encoded, deflateOptions))
}

/**
 * {@link packChunk}, compressing on libuv's threads: the caller's event loop is held only while
 * the records are encoded. For a relay filing history while it serves peers.
 */
export async function packChunkAside(records: readonly ChangeRecord[], sealed = false): Promise<Uint8Array> {
  const encoded = encodeChanges(records)
  return sealed ? marked(await brotliCompress(encoded, brotliOptions(encoded))) : new Uint8Array(await deflateRaw(encoded, deflateOptions))
}

const deflateRaw = promisify(zlib.deflateRaw)
const brotliCompress = promisify(zlib.brotliCompress)
const deflateOptions: zlib.ZlibOptions = { level: 9 }

function brotliOptions(encoded: Uint8Array): zlib.BrotliOptions {
  return { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: encoded.length } }
}

/** A Brotli stream behind {@link brotliMark}. */
function marked(packed: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(packed.length + 1)
  chunk[0] = brotliMark
  chunk.set(packed, 1)
  return chunk
}

/** The records of a chunk written by {@link packChunk}. */
export function unpackChunk(chunk: Uint8Array): ChangeRecord[] {
  const collector = new RecordCollector()
  visitChunk(chunk, collector)
  return collector.records
}

/** Tells `visitor` the changes after `afterSeq` in a chunk written by {@link packChunk}. */
export function visitChunk(chunk: Uint8Array, visitor: ChangeVisitor, afterSeq = 0): void {
  const encoded = chunk[0] === brotliMark ? zlib.brotliDecompressSync(chunk.subarray(1)) : zlib.inflateRawSync(chunk)
  visitChanges(new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.length), visitor, afterSeq)
}

/** Values numbered in order of first appearance. */
class Table<T> {
  readonly items: T[] = []
  private readonly indexes = new Map<T, number>()
  index(item: T): number {
    let index = this.indexes.get(item)
    if (index === undefined) this.indexes.set(item, (index = this.items.push(item) - 1))
    return index
  }
}

/** Empties `encoder` for reuse, keeping its current buffer. */
function emptied(encoder: encoding.Encoder): void {
  encoder.cpos = 0
  encoder.bufs.length = 0
}

/** Writes what `column` holds to `out` as one length-prefixed array, without copying it first. */
function writeColumn(out: encoding.Encoder, column: encoding.Encoder): void {
  encoding.writeVarUint(out, encoding.length(column))
  for (const buf of column.bufs) encoding.writeUint8Array(out, buf)
  encoding.writeUint8Array(out, column.cbuf.subarray(0, column.cpos))
}
