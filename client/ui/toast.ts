import { h } from './h.ts'

/**
 * Shows `message` in a toast at the bottom of the page for a few seconds (an alert for problems,
 * a status otherwise, so screen readers read it), with a button to dismiss it.
 */
export function showToast(message: string, { problem = false, ms = 6000 } = {}): void {
  const toast = h('div', { class: 'toast', role: problem ? 'alert' : 'status', 'data-testid': 'toast' },
    h('span', {}, message),
    h('button', { class: 'icon-button toast-close', type: 'button', 'aria-label': 'Dismiss', onclick: () => toast.remove() }, '×'),
  )
  document.body.append(toast)
  setTimeout(() => toast.remove(), ms)
}
