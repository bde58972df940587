import { h } from '../../ui/h.ts'
import type { Convergence } from '../model/convergence.ts'
import './badge.css'

/** The badge over the three replicas: whether their texts are equal right now. */
export interface Badge {
  readonly element: HTMLElement
  update(state: Convergence): void
}

/** Builds the convergence badge. */
export function createBadge(): Badge {
  const label = h('strong', {})
  const explain = h('span', { class: 'badge-explain' })
  const detail = h('span', { class: 'badge-detail' })
  const element = h('div', { class: 'convergence', role: 'status', 'data-testid': 'convergence' }, label, explain, detail)
  return {
    element,
    update(state) {
      element.dataset.state = state.kind
      if (state.kind === 'converged') {
        label.textContent = 'converged ✓'
        explain.textContent = 'all three hold the same text'
        detail.textContent = `#${state.hash}`
        element.title = 'The short hash is a fingerprint of the text: equal texts, equal hash.'
      } else {
        label.textContent = 'diverged'
        explain.textContent = 'right now there are'
        detail.textContent = `${state.versions} versions`
        element.title = ''
      }
    },
  }
}
