import * as prng from 'lib0/prng'

/**
 * A seeded random source for a randomized test. The seed comes from the `SEED` environment
 * variable when set (to replay a failure), otherwise it is drawn at random; either way it is
 * printed, so every run can be repeated.
 */
export function seededRandom(testName: string, fixedSeed?: number): { seed: number; gen: prng.PRNG } {
  const seed = fixedSeed ?? (process.env.SEED ? Number(process.env.SEED) : Math.floor(Math.random() * 2 ** 31))
  console.log(`${testName}: seed ${seed} (replay with SEED=${seed})`)
  return { seed, gen: prng.create(seed) }
}
