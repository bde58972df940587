import * as prng from 'lib0/prng'
import { afterAll, describe, expect, it } from 'vitest'
import { type TestClient, connectClient } from './helpers/client.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { seededRandom } from './helpers/seed.ts'

const rounds = 3
const writersPerRound = 3

/** Tokens like `[w2.17]` in a text, each an edit by writer `w2`. */
function tokensOf(text: string): string[] {
  return text.match(/\[[^\]]+\]/g) ?? []
}

/** Starts a writer that inserts a numbered token at a random token boundary every few ms. */
function startWriter(client: TestClient, id: string, gen: prng.PRNG): () => void {
  let n = 0
  const timer = setInterval(() => {
    const text = client.text.toString()
    const boundaries = [0]
    for (let i = text.indexOf(']'); i !== -1; i = text.indexOf(']', i + 1)) boundaries.push(i + 1)
    client.type(`[${id}.${n++}]`, prng.oneOf(gen, boundaries))
  }, prng.int32(gen, 2, 8))
  return () => clearInterval(timer)
}

let relay: RelayProcess | undefined
afterAll(() => relay?.kill())

describe('crash safety', () => {
  it('a SIGKILLed relay, restarted, still has every edit any client had received', async () => {
    const { gen } = seededRandom('crash safety')
    relay = await startRelayProcess()
    const mustSurvive = new Set<string>()

    for (let round = 0; round < rounds; round++) {
      const writers = Array.from({ length: writersPerRound }, (_, i) => {
        const id = `r${round}w${i}`
        return { id, client: connectClient(relay!.url, 'crash', id) }
      })
      await Promise.all(writers.map((w) => w.client.synced()))
      const stops = writers.map((w) => startWriter(w.client, w.id, gen))

      await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 300, 900)))
      await relay.kill()

      // What each writer holds from the others came through the relay, so the relay must have it.
      for (const { id, client } of writers) {
        for (const token of tokensOf(client.text.toString())) if (!token.startsWith(`[${id}.`)) mustSurvive.add(token)
      }
      stops.forEach((stop) => stop())
      writers.forEach((w) => w.client.destroy())
      expect(mustSurvive.size).toBeGreaterThan(round)

      await relay.restart()
    }

    const fresh = connectClient(relay.url, 'crash', 'fresh')
    await fresh.synced()
    const recovered = new Set(tokensOf(fresh.text.toString()))
    fresh.destroy()
    const lost = [...mustSurvive].filter((token) => !recovered.has(token))
    expect(lost).toEqual([])
    console.log(`crash safety: ${rounds} kills, ${mustSurvive.size} relayed edits checked, ${recovered.size} recovered`)
  })
})
