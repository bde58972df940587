import { h } from './h.ts'

/**
 * A polite live region (`role="status"`), visually hidden, that screen readers read out when its
 * text changes. `announce` replaces the text; saying the same words twice is announced twice.
 */
export function liveRegion(testId = 'announcer'): { element: HTMLElement; announce(text: string): void } {
  const element = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-testid': testId })
  let last = ''
  return {
    element,
    announce(text: string) {
      // Screen readers announce a change of text; the same words again need a fresh node.
      element.textContent = text === last ? `${text}\u00a0` : text
      last = element.textContent
    },
  }
}
