import type { Limits } from '../shared/index.ts'

/**
 * The relay's command-line options for limits: each takes a positive number, names the `Limits`
 * entry that is its default, and says what it bounds. `server/cli.ts` builds its flags and usage
 * text from this table, so no default is written twice.
 */
export const limitOptions = {
  'max-frame-bytes': { limit: 'maxFrameBytes', help: 'largest frame accepted' },
  'max-doc-bytes': { limit: 'maxDocBytes', help: 'largest stored document' },
  'max-buffered-bytes': { limit: 'maxBufferedBytes', help: 'bytes waiting for a peer before it is closed as too slow' },
  'messages-per-second': { limit: 'messagesPerSecond', help: 'frames read per second per connection before it is slowed down' },
  'message-burst': { limit: 'messageBurst', help: 'frames read back to back per connection' },
  'bytes-per-second': { limit: 'bytesPerSecond', help: 'bytes read per second per connection before it is slowed down' },
  'byte-burst': { limit: 'byteBurst', help: 'bytes read back to back per connection' },
  'cap-messages-per-second': { limit: 'capMessagesPerSecond', help: 'hard cap: frames arriving per second before a connection is closed' },
  'cap-bytes-per-second': { limit: 'capBytesPerSecond', help: 'hard cap: bytes arriving per second before a connection is closed' },
} as const satisfies Record<string, { limit: keyof typeof Limits; help: string }>

/** A limit's option name, without the leading `--`. */
export type LimitOption = keyof typeof limitOptions
