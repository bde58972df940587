import type { EditorView } from '@codemirror/view'
import { inAppLink } from '../routing/navigate.ts'
import { relayUrl } from '../session/relayUrl.ts'
import { brandMark } from '../ui/brandMark.ts'
import { h } from '../ui/h.ts'
import { createBadge } from './badge.ts'
import { replicaNames, type ReplicaName } from './cast.ts'
import { createContrastPanel } from './contrastPanel.ts'
import { convergence } from './convergence.ts'
import { openDemoRoom, type DemoRoom } from './demoRoom.ts'
import './demo.css'
import { playLastWriterWins } from './lastWriterWins.ts'
import { Pacer, paces } from './pacer.ts'
import { playScenario } from './player.ts'
import { principleList } from './principles.ts'
import { createRelayStrip } from './relayStrip.ts'
import { createReplicaCard } from './replicaCard.ts'
import { createReplicaEditor } from './replicaEditor.ts'
import { createReplicaPills } from './replicaPills.ts'
import { summarizeRoom, textsOf } from './replicaSummary.ts'
import { scenarios, startingText } from './scenarios.ts'
import type { Scenario } from './script.ts'
import { createStage } from './stage.ts'

/**
 * The merge demo at `/demo`, rendered into `root`: three replicas on a fresh room of the real
 * relay, the scenarios, and the last-writer-wins contrast. Everything it opened is closed once
 * the router replaces the page. `?pace=fast` plays scenarios quickly (for tests).
 */
export function mountDemo(root: HTMLElement): void {
  const pacer = new Pacer(new URLSearchParams(location.search).get('pace') === 'fast' ? paces.fast : paces.normal)
  const badge = createBadge()
  const relay = createRelayStrip()
  const contrast = createContrastPanel()
  const pills = createReplicaPills()
  const stage = createStage(scenarios, pacer, [badge.element, pills.element], {
    play,
    reset,
    compare: () => contrast.element.scrollIntoView({ block: 'start', behavior: 'smooth' }),
  })
  const wide = matchMedia('(min-width: 900px)').matches
  const cards = Object.fromEntries(
    replicaNames.map((name) => [name, createReplicaCard(name, (online) => room.replicas[name].setOnline(online), wide)]),
  ) as Record<ReplicaName, ReturnType<typeof createReplicaCard>>

  const page = h(
    'div',
    { class: 'demo' },
    h('header', { class: 'demo-header' }, inAppLink(h('a', { href: '/', class: 'demo-home', 'aria-label': 'Mergepad home' }, brandMark())), h('span', { class: 'demo-kicker' }, 'How merging works')),
    h(
      'section',
      { class: 'demo-intro' },
      h('h1', {}, 'Three leaders, one text'),
      h(
        'p',
        { class: 'demo-lede' },
        'Alice, Bob and Carol each hold a full copy of the same document, a replica, connected through the real Mergepad relay. Cut them off, let them all edit, reconnect them, and watch the copies merge without losing a keystroke.',
      ),
      principleList(),
    ),
    stage.element,
    relay.element,
    h('div', { class: 'replicas' }, ...replicaNames.map((name) => cards[name].element)),
    h(
      'p',
      { class: 'demo-legend' },
      'Tinted text shows who wrote it; plain text is the starting text. Under “Internals”, every character has an id, its writer and a counter: an insert remembers the character it went after, a delete names the ids it removes. Everything here is real: three Yjs documents, three WebSocket connections, one relay.',
    ),
    contrast.element,
  )
  root.replaceChildren(page)

  let room: DemoRoom
  let editors: EditorView[] = []
  let unsubscribe: (() => void)[] = []
  let run: AbortController | null = null
  let frame = 0

  const render = () => {
    frame = 0
    const summaries = summarizeRoom(room)
    for (const name of replicaNames) cards[name].update(summaries[name], room.nameOf)
    pills.update(summaries)
    badge.update(convergence(textsOf(room)))
  }
  const scheduleRender = () => {
    if (frame === 0) frame = requestAnimationFrame(render)
  }

  const open = (start: string) => {
    close()
    room = openDemoRoom(relayUrl(), start)
    relay.setRoom(room.name)
    const classOf = (client: number) => {
      const name = room.nameOf(client)
      return (replicaNames as readonly string[]).includes(name) ? `by-${name}` : null
    }
    editors = replicaNames.map((name) => {
      cards[name].editorParent.replaceChildren()
      return createReplicaEditor(cards[name].editorParent, room.replicas[name], classOf)
    })
    unsubscribe = replicaNames.map((name) => room.replicas[name].onChange(scheduleRender))
    render()
  }
  const close = () => {
    run?.abort()
    run = null
    unsubscribe.forEach((off) => off())
    editors.forEach((view) => view.destroy())
    room?.destroy()
  }

  async function play(scenario: Scenario) {
    open(scenario.start)
    const controller = new AbortController()
    run = controller
    const frames = playLastWriterWins(scenario.start, scenario.steps)
    stage.show({ kind: 'playing', scenario, step: 0 })
    stage.reveal()
    contrast.clear()
    try {
      await playScenario(scenario, room, pacer, controller.signal, (step) => {
        stage.show({ kind: 'playing', scenario, step })
        contrast.showStep(scenario, frames, step)
      })
      render()
      stage.show({ kind: 'done', scenario })
      contrast.showResult(scenario, frames, room.replicas.Alice.text.toString())
    } catch (error) {
      if (controller.signal.aborted) return
      stage.show({ kind: 'failed', scenario, message: error instanceof Error ? error.message : String(error) })
    }
  }
  function reset() {
    open(startingText)
    stage.show({ kind: 'free' })
    contrast.clear()
  }

  reset()
  // The router replaces the page without telling it: close the replicas once it is gone.
  const watch = new MutationObserver(() => {
    if (page.isConnected) return
    watch.disconnect()
    close()
  })
  watch.observe(root, { childList: true })
}
