/**
 * `npm run sim -- [--seeds N] [--seed S] [--steps K] [--lying-store]`: runs the deterministic
 * simulation for N seeds starting at S (default: a random S, printed), and stops at the first
 * seed that breaks an invariant, printing how to replay it.
 */
import { parseArgs } from 'node:util'
import { SimTimers } from './simTimers.ts'
import { runSimulation } from './simulation.ts'

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    steps: { type: 'string', default: '250' },
    'lying-store': { type: 'boolean', default: false },
  },
})
const first = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31)
const count = Number(values.seeds)
const timers = new SimTimers()
timers.install()
const started = performance.now()
let failed = false
for (let seed = first; seed < first + count; seed++) {
  timers.reset()
  const result = await runSimulation(seed, { steps: Number(values.steps), lyingStore: values['lying-store'], advance: (ms) => timers.advance(ms) })
  if (result.violation) {
    console.log(`seed ${seed}: ${result.violation}\nreplay: npm run sim -- --seeds 1 --seed ${seed}`)
    failed = true
    break
  }
  const done = seed - first + 1
  if (done % 500 === 0 || done === count) {
    const seconds = (performance.now() - started) / 1000
    console.log(`${done} seeds from ${first} passed in ${seconds.toFixed(1)} s (${Math.round((done / seconds) * 60)} seeds/min)`)
  }
}
timers.uninstall()
process.exit(failed ? 1 : 0)
