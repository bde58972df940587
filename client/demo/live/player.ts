import { applyEditToText } from '../model/applyToText.ts'
import { replicaNames } from '../model/cast.ts'
import type { Scenario, Step } from '../model/script.ts'
import { sameState } from './convergedReplicas.ts'
import type { DemoRoom } from './demoRoom.ts'
import type { Pacer } from './pacer.ts'

/** How long the relay may take to sync replicas before the scenario reports it as stuck. */
const syncTimeoutMs = 15_000

/**
 * Plays `scenario` on the live replicas of `room`: switches replicas off and on, makes their
 * edits as local transactions, and lets the real relay do the rest. Calls `onStep` with each
 * step's index as it starts. Between steps, waits for the connected replicas to agree, then for
 * `pacer`. Resolves once all three replicas have converged; rejects if `signal` aborts or the
 * relay does not sync them in time.
 */
export async function playScenario(
  scenario: Scenario,
  room: DemoRoom,
  pacer: Pacer,
  signal: AbortSignal,
  onStep: (index: number) => void,
): Promise<void> {
  const all = replicaNames.map((name) => room.replicas[name])
  const online = () => all.filter((r) => r.wantsOnline())
  await until(() => all.every((r) => r.link() === 'synced') && sameState(all), 'the replicas to connect to the relay', signal)

  for (const [index, step] of scenario.steps.entries()) {
    onStep(index)
    await playStep(step, room, pacer, signal)
    await until(() => online().every((r) => r.link() === 'synced') && sameState(online()), 'the connected replicas to sync', signal)
    if (index < scenario.steps.length - 1) await pacer.afterStep(signal, step.caption)
  }
  await until(() => sameState(all), 'all three replicas to converge', signal)
}

async function playStep(step: Step, room: DemoRoom, pacer: Pacer, signal: AbortSignal): Promise<void> {
  switch (step.kind) {
    case 'offline':
      for (const name of step.who) room.replicas[name].setOnline(false)
      return
    case 'edit':
      for (const [i, edit] of step.edits.entries()) {
        if (i > 0) await pacer.betweenEdits(signal)
        applyEditToText(room.replicas[step.who].text, edit)
      }
      return
    case 'online':
      for (const [i, name] of step.who.entries()) {
        if (i > 0) await pacer.betweenEdits(signal)
        const replica = room.replicas[name]
        replica.setOnline(true)
        await until(() => replica.link() === 'synced', `${name} to sync`, signal)
      }
      return
    default:
      step satisfies never
  }
}

/** Resolves once `condition` holds, checking every few milliseconds. */
function until(condition: () => boolean, what: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + syncTimeoutMs
    const check = () => {
      if (signal.aborted) return reject(signal.reason)
      if (condition()) return resolve()
      if (Date.now() > deadline) return reject(new Error(`Timed out waiting for ${what}. Is the relay reachable?`))
      setTimeout(check, 25)
    }
    check()
  })
}
