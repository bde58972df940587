import { parseArgs } from 'node:util'
import { runChaos } from './chaosRun.ts'

/** `npm run chaos -- --seconds 300 [--clients 6] [--kills 20] [--seed N]`: a long chaos run by hand. */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '5' },
    kills: { type: 'string' },
    seed: { type: 'string', default: process.env.SEED },
  },
})
const seconds = Number(values.seconds)
const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31)
const kills = values.kills ? Number(values.kills) : Math.max(1, Math.round(seconds / 10))
console.log(`chaos: seed ${seed}, ${seconds} s, ${values.clients} clients, ${kills} kills`)
const result = await runChaos({ seed, seconds, clients: Number(values.clients), kills })
console.log(JSON.stringify({ ...result, lost: result.lost.length, resurrected: result.resurrected.length }))
const ok = result.converged && result.lost.length === 0 && result.resurrected.length === 0
console.log(ok ? 'chaos: every edit kept, all replicas agree' : `chaos: FAILED (replay with --seed ${seed}): ${JSON.stringify(result)}`)
process.exit(ok ? 0 : 1)
