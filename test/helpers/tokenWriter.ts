import * as prng from 'lib0/prng'
import type { TestClient } from './client.ts'

/** Tokens like `[w2.17]` in a text, each one edit by writer `w2`. */
export function tokensOf(text: string): string[] {
  return text.match(/\[[^\]]+\]/g) ?? []
}

/** A client typing numbered tokens; see {@link startWriter}. */
export interface Writer {
  readonly id: string
  readonly client: TestClient
  /** Every token this writer has typed so far. */
  readonly typed: string[]
  /** Tokens of other writers this client holds now: they reached it through a relay. */
  received(): string[]
  stop(): void
}

/**
 * Starts `client` typing a token `[id.n]` at a random token boundary every `everyMs` (a range the
 * interval is drawn from with `gen`; 2 to 8 ms by default), online or not, as a person keeps
 * typing while the connection comes and goes.
 */
export function startWriter(client: TestClient, id: string, gen: prng.PRNG, everyMs: [number, number] = [2, 8]): Writer {
  const typed: string[] = []
  const timer = setInterval(() => {
    const text = client.text.toString()
    const boundaries = [0]
    for (let i = text.indexOf(']'); i !== -1; i = text.indexOf(']', i + 1)) boundaries.push(i + 1)
    const token = `[${id}.${typed.length}]`
    typed.push(token)
    client.type(token, prng.oneOf(gen, boundaries))
  }, prng.int32(gen, everyMs[0], everyMs[1]))
  return {
    id,
    client,
    typed,
    received: () => tokensOf(client.text.toString()).filter((token) => !token.startsWith(`[${id}.`)),
    stop: () => clearInterval(timer),
  }
}
