import { h } from '../../ui/h.ts'
import type { Pacer } from '../live/pacer.ts'
import type { Scenario } from '../model/script.ts'
import './stage.css'

/** What the stage shows: free play, a step of a scenario, its ending, or why it stopped. */
export type StageState =
  | { kind: 'free' }
  | { kind: 'playing'; scenario: Scenario; step: number }
  | { kind: 'done'; scenario: Scenario }
  | { kind: 'failed'; scenario: Scenario; message: string }

/** The scenario buttons and the caption area under them. */
export interface Stage {
  readonly element: HTMLElement
  show(state: StageState): void
  /** Scrolls the page so that the caption sits at the top, with the replicas under it. */
  reveal(): void
}

/** What the stage's buttons do. */
export interface StageActions {
  play(scenario: Scenario): void
  reset(): void
  /** Shows the last-writer-wins comparison of the scenario that just ended. */
  compare(): void
}

const freeCaption =
  'Free play: type in any replica, flip a switch to cut it off, type some more, then flip it back on. Or pick a scenario.'

/**
 * Builds the scenario buttons and, under them, the stage: the caption, the `status` elements
 * (the convergence badge), and the step-by-step, next and reset controls.
 */
export function createStage(scenarios: readonly Scenario[], pacer: Pacer, status: readonly Node[], actions: StageActions): Stage {
  const buttons = scenarios.map((scenario) =>
    h(
      'button',
      { class: 'scenario-button', type: 'button', 'data-testid': `scenario-${scenario.id}`, onclick: () => actions.play(scenario) },
      h('strong', {}, scenario.title),
      h('span', {}, scenario.summary),
    ),
  )
  const progress = h('span', { class: 'stage-progress' })
  const timer = h('div', { class: 'stage-timer', 'aria-hidden': 'true' })
  const caption = h('p', { class: 'stage-caption', 'aria-live': 'polite', 'data-testid': 'caption' })
  const stepMode = h('input', { type: 'checkbox', 'data-testid': 'step-by-step' })
  stepMode.addEventListener('change', () => pacer.setStepByStep(stepMode.checked))
  const next = h('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'next-step', onclick: () => pacer.next() }, 'Next step →')
  const compare = h('button', { class: 'button button-small button-primary', type: 'button', 'data-testid': 'compare', onclick: () => actions.compare() }, 'Compare', h('span', { class: 'wide-only' }, ' with last-writer-wins'), ' ↓')
  const reset = h('button', { class: 'button button-small', type: 'button', 'data-testid': 'reset', onclick: () => actions.reset() }, 'Start over')
  const stage = h(
    'div',
    { class: 'stage', 'data-testid': 'stage' },
    h('div', { class: 'stage-text' }, progress, caption),
    timer,
    h('div', { class: 'stage-side' }, ...status, h('div', { class: 'stage-controls' }, h('label', { class: 'stage-mode' }, stepMode, ' Step by step'), next, compare, reset)),
  )
  const element = h(
    'section',
    { class: 'scenarios', 'aria-label': 'Scenarios' },
    h('div', { class: 'section-head' }, h('h2', {}, 'Play a scenario'), h('p', {}, 'Each one opens a fresh room with the same starting text. Replay as often as you like.')),
    h('div', { class: 'scenario-buttons' }, ...buttons),
    stage,
  )
  let current: StageState = { kind: 'free' }
  let timedPause = 0
  const refreshNext = () => {
    next.hidden = current.kind !== 'playing'
    next.toggleAttribute('disabled', !pacer.waitingForNext && pacer.autoPauseMs === 0)
    // A bar that fills up until auto-play moves on; restarted for each pause.
    if (pacer.autoPauseMs !== timedPause) {
      timedPause = pacer.autoPauseMs
      timer.style.animation = 'none'
      void timer.offsetWidth
      timer.style.animation = timedPause > 0 ? `stage-timer ${timedPause}ms linear forwards` : ''
    }
    compare.hidden = current.kind !== 'done'
  }
  pacer.onChange(refreshNext)

  return {
    element,
    reveal: () => stage.scrollIntoView({ block: 'start', behavior: 'smooth' }),
    show(state) {
      current = state
      stage.dataset.state = state.kind
      for (const [i, button] of buttons.entries()) {
        button.classList.toggle('active', state.kind !== 'free' && state.scenario === scenarios[i])
      }
      switch (state.kind) {
        case 'free':
          progress.textContent = 'Free play'
          caption.textContent = freeCaption
          break
        case 'playing':
          progress.textContent = `${state.scenario.title} · step ${state.step + 1} of ${state.scenario.steps.length}`
          caption.textContent = state.scenario.steps[state.step].caption
          break
        case 'done':
          progress.textContent = `${state.scenario.title} · converged`
          caption.textContent = state.scenario.ending
          break
        case 'failed':
          progress.textContent = `${state.scenario.title} · stopped`
          caption.textContent = state.message
          break
        default:
          state satisfies never
      }
      refreshNext()
    },
  }
}
