import type * as Y from 'yjs'
import type { LoadClient } from './loadClient.ts'

const alphabet = 'abcdefghijklmnopqrstuvwxyz '

/** One person of a cluster scenario: a replica holding only their own keystrokes, the node they are on, the socket. */
export interface TypingSeat {
  doc: string
  node: number
  replica: Y.Doc
  client: LoadClient
  /** When the next keystroke is due (`performance.now()` time). */
  nextAt: number
  typed: number
  /** Their tab was closed (their node killed): they type no more. */
  gone: boolean
}

/**
 * Types the keystrokes of `seat` due by `now`, one every `interval` milliseconds, each appended
 * to what it typed before (its replica's `update` handler sends them). Returns how many it typed.
 */
export function typeDue(seat: TypingSeat, now: number, interval: number): number {
  let count = 0
  while (!seat.gone && seat.nextAt <= now) {
    seat.replica.getText('text').insert(seat.typed, alphabet[seat.typed++ % alphabet.length])
    seat.nextAt += interval
    count++
  }
  return count
}
