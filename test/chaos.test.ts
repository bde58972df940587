import { describe, expect, it } from 'vitest'
import { runChaos } from './chaos/chaosRun.ts'
import { seededRandom } from './helpers/seed.ts'

describe('chaos', () => {
  it('random edits, disconnects and relay SIGKILLs lose nothing and converge', async () => {
    const { seed } = seededRandom('chaos')
    const result = await runChaos({ seed, seconds: 12, clients: 4, kills: 3 })
    console.log(`chaos: ${JSON.stringify({ ...result, lost: result.lost.length, resurrected: result.resurrected.length })}`)
    expect(result.kills).toBe(3)
    expect(result.inserted).toBeGreaterThan(50)
    expect(result.lost).toEqual([])
    expect(result.resurrected).toEqual([])
    expect(result.converged).toBe(true)
  }, 120_000)
})
