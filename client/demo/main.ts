import { relayUrl } from '../session/relayUrl.ts'
import { Pacer, paces } from './live/pacer.ts'
import { playScenario } from './live/player.ts'
import { textsOf } from './live/replicaSummary.ts'
import { replicaNames, type ReplicaName } from './model/cast.ts'
import { convergence } from './model/convergence.ts'
import { playLastWriterWins } from './model/lastWriterWins.ts'
import { scenarios, startingText } from './model/scenarios.ts'
import type { Scenario } from './model/script.ts'
import { createBadge } from './view/badge.ts'
import { createContrastPanel } from './view/contrastPanel.ts'
import { demoLayout } from './view/layout.ts'
import { createRelayStrip } from './view/relayStrip.ts'
import { createReplicaCard, type ReplicaCard } from './view/replicaCard.ts'
import { replicaColorsOf } from './view/replicaColors.ts'
import { createReplicaPills } from './view/replicaPills.ts'
import { createRoomView } from './view/roomView.ts'
import { createStage } from './view/stage.ts'

/**
 * The merge demo at `/demo`, rendered into `root`: three replicas on a fresh room of the real
 * relay, the scenarios, and the last-writer-wins contrast. Returns the function that closes it:
 * it stops a playing scenario and closes the replicas' connections. `?scenario=<id>` plays that
 * scenario at once (the address shows the one playing, to share it); `?pace=fast` plays
 * scenarios quickly (for tests).
 */
export function mountDemo(root: HTMLElement): () => void {
  const params = new URLSearchParams(location.search)
  const pacer = new Pacer(params.get('pace') === 'fast' ? paces.fast : paces.normal)
  const badge = createBadge()
  const relay = createRelayStrip()
  const contrast = createContrastPanel()
  const pills = createReplicaPills()
  const stage = createStage(scenarios, pacer, [badge.element, pills.element], {
    play,
    reset,
    compare: () => contrast.element.scrollIntoView({ block: 'start', behavior: 'smooth' }),
  })
  const internalsOpen = matchMedia('(min-width: 900px)').matches
  const cards = Object.fromEntries(
    replicaNames.map((name) => [name, createReplicaCard(name, (online) => live.current().replicas[name].setOnline(online), internalsOpen)]),
  ) as Record<ReplicaName, ReplicaCard>
  const page = demoLayout({
    stage: stage.element,
    relay: relay.element,
    replicas: replicaNames.map((name) => cards[name].element),
    contrast: contrast.element,
  })
  root.replaceChildren(page)
  const live = createRoomView(
    {
      serverUrl: relayUrl(),
      editorParents: Object.fromEntries(replicaNames.map((name) => [name, cards[name].editorParent])) as Record<ReplicaName, HTMLElement>,
      colors: replicaColorsOf(page),
    },
    (room, summaries) => {
      for (const name of replicaNames) cards[name].update(summaries[name], room.nameOf)
      pills.update(summaries)
      badge.update(convergence(textsOf(room)))
    },
  )

  let run: AbortController | null = null
  const openRoom = (start: string) => {
    run?.abort()
    live.open(start)
    relay.setRoom(live.current().name)
  }

  async function play(scenario: Scenario) {
    openRoom(scenario.start)
    // The address names the scenario, so a link can start it for someone else.
    params.set('scenario', scenario.id)
    history.replaceState(history.state, '', `${location.pathname}?${params}`)
    const controller = new AbortController()
    run = controller
    const frames = playLastWriterWins(scenario.start, scenario.steps)
    stage.show({ kind: 'playing', scenario, step: 0 })
    stage.reveal()
    contrast.clear()
    try {
      await playScenario(scenario, live.current(), pacer, controller.signal, (step) => {
        stage.show({ kind: 'playing', scenario, step })
        contrast.showStep(scenario, frames, step)
      })
      live.render()
      stage.show({ kind: 'done', scenario })
      contrast.showResult(scenario, frames, live.current().replicas.Alice.text.toString())
    } catch (error) {
      if (controller.signal.aborted) return
      stage.show({ kind: 'failed', scenario, message: error instanceof Error ? error.message : String(error) })
    }
  }
  function reset() {
    params.delete('scenario')
    const query = params.toString()
    history.replaceState(history.state, '', query ? `${location.pathname}?${query}` : location.pathname)
    openRoom(startingText)
    stage.show({ kind: 'free' })
    contrast.clear()
  }

  const linked = scenarios.find((scenario) => scenario.id === params.get('scenario'))
  if (linked) void play(linked)
  else reset()
  return () => {
    run?.abort()
    live.close()
  }
}
