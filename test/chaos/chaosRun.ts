import * as prng from 'lib0/prng'
import { type TestClient, connectClient } from '../helpers/client.ts'
import { startRelayProcess } from '../helpers/relayProcess.ts'
import { waitFor } from '../helpers/wait.ts'

export interface ChaosOptions {
  seed: number
  /** How long the chaos lasts before everything is healed and checked. */
  seconds: number
  clients: number
  /** Roughly how many times the relay is SIGKILLed and restarted. */
  kills: number
}

export interface ChaosResult {
  inserted: number
  deleted: number
  kills: number
  reconnects: number
  /** Inserted tokens nobody deleted that the final document lacks. */
  lost: string[]
  /** Deleted tokens that came back. */
  resurrected: string[]
  /** Whether every replica and a fresh client ended with the same text. */
  converged: boolean
  finalLength: number
}

const tokenPattern = /\[[^\]]+\]/g

/**
 * A chaos run: several stock clients insert and delete tokens at random and go offline and online
 * at random, while the relay process is SIGKILLed and restarted. Then the network heals and the run
 * checks that all replicas and a fresh client agree and that every edit is there: each inserted
 * token is present unless someone deleted it, and no deleted token is.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const gen = prng.create(options.seed)
  const relay = await startRelayProcess()
  const inserted = new Set<string>()
  const deleted = new Set<string>()
  let kills = 0
  let reconnects = 0
  const clients: TestClient[] = Array.from({ length: options.clients }, (_, i) => connectClient(relay.url, 'chaos', `c${i}`))
  let serial = 0

  const act = (client: TestClient, id: string) => {
    const roll = prng.real53(gen)
    const text = client.text.toString()
    const tokens = [...text.matchAll(tokenPattern)]
    if (roll < 0.03) {
      reconnects++
      if (client.provider.shouldConnect) client.provider.disconnect()
      else client.provider.connect()
    } else if (roll < 0.25 && tokens.length > 0) {
      const victim = prng.oneOf(gen, tokens)
      client.text.delete(victim.index!, victim[0].length)
      deleted.add(victim[0])
    } else {
      const token = `[${id}.${serial++}]`
      const at = tokens.length === 0 ? 0 : prng.oneOf(gen, [0, ...tokens.map((t) => t.index! + t[0].length)])
      client.text.insert(at, token)
      inserted.add(token)
    }
  }

  // Distinct ticks, so the relay is killed exactly `options.kills` times.
  const killAt = new Set<number>()
  while (killAt.size < Math.min(options.kills, options.seconds * 10 - 5)) killAt.add(prng.int32(gen, 1, options.seconds * 10 - 5))
  try {
    for (let tick = 0; tick < options.seconds * 10; tick++) {
      clients.forEach((client, i) => {
        if (prng.bool(gen)) act(client, `c${i}`)
      })
      if (killAt.has(tick)) {
        await relay.kill()
        kills++
        await new Promise((resolve) => setTimeout(resolve, prng.int32(gen, 50, 500)))
        await relay.restart()
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
    const texts = () => clients.map((c) => c.text.toString())
    await waitFor(() => clients.every((c) => c.provider.synced) && new Set(texts()).size === 1, 'every replica to converge', 60_000)
    const fresh = connectClient(relay.url, 'chaos', 'fresh')
    await fresh.synced()
    const finalText = fresh.text.toString()
    fresh.destroy()

    const present = new Set(finalText.match(tokenPattern) ?? [])
    return {
      inserted: inserted.size,
      deleted: deleted.size,
      kills,
      reconnects,
      lost: [...inserted].filter((t) => !deleted.has(t) && !present.has(t)),
      resurrected: [...deleted].filter((t) => present.has(t)),
      converged: texts().every((t) => t === finalText),
      finalLength: finalText.length,
    }
  } finally {
    clients.forEach((c) => c.destroy())
    await relay.kill()
  }
}
