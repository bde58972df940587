import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../helpers/seed.ts'
import { SimTimers } from './simTimers.ts'
import { type SimResult, runSimulation } from './simulation.ts'

/**
 * The deterministic simulation: many seeded histories of replicas, a faulty network and a relay
 * that crashes, each checked for lost promises and convergence. `SIM_SEEDS` sets how many seeds
 * run (default below); `SEED` replays one; `npm run sim` runs many more.
 */
const seeds = Number(process.env.SIM_SEEDS ?? 500)
/** On a busy machine the run stops early, after at least a fifth of its seeds, to keep its share of the suite. */
const budgetMs = Number(process.env.SIM_BUDGET_MS ?? 40_000)
const timers = new SimTimers()
const advance = (ms: number) => timers.advance(ms)

beforeAll(() => timers.install())
afterAll(() => timers.uninstall())

async function runSeeds(first: number, count: number, options: { lyingStore?: boolean; budgetMs?: number } = {}): Promise<SimResult[]> {
  const results: SimResult[] = []
  const deadline = performance.now() + (options.budgetMs ?? Infinity)
  for (let seed = first; seed < first + count; seed++) {
    if (results.length >= count / 5 && performance.now() > deadline) break
    timers.reset()
    const result = await runSimulation(seed, { ...options, advance })
    results.push(result)
    if (result.violation) break
  }
  return results
}

describe('deterministic simulation', () => {
  it('every replica converges and nothing the relay promised is lost, seed after seed', async () => {
    const { seed } = seededRandom('simulation')
    const count = process.env.SEED ? 1 : seeds
    const started = performance.now()
    const results = await runSeeds(seed, count, { budgetMs })
    const seconds = (performance.now() - started) / 1000
    const failed = results.find((result) => result.violation)
    const edits = results.reduce((sum, result) => sum + result.edits, 0)
    const crashes = results.reduce((sum, result) => sum + result.crashes, 0)
    console.log(
      `simulation: seeds ${seed}..${seed + results.length - 1}: ${results.length} runs in ${seconds.toFixed(1)} s ` +
        `(${Math.round((results.length / seconds) * 60)} seeds/min), ${edits} edits, ${crashes} relay crashes`,
    )
    expect(failed, failed && `seed ${failed.seed} failed (replay with SEED=${failed.seed} SIM_SEEDS=1): ${failed.violation}`).toBeUndefined()
    expect(edits).toBeGreaterThan(results.length)
    expect(crashes).toBeGreaterThan(0)
  }, 120_000)

  it('catches a relay that acknowledges and relays before the store has made an edit durable', async () => {
    const results = await runSeeds(1, 200, { lyingStore: true })
    const caught = results.find((result) => result.violation)
    console.log(`simulation: a lying store was caught by seed ${caught?.seed} after ${results.length} seeds: ${caught?.violation}`)
    expect(caught?.violation).toMatch(/the store lost/)
  })
})
