import { registerSW } from 'virtual:pwa-register'
import { h } from '../ui/h.ts'

/**
 * Registers the service worker that caches the app shell, so documents open with the server
 * down. When a newer version is waiting, offers a reload rather than reloading under the writer.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  const update = registerSW({
    immediate: true,
    onNeedRefresh() {
      const toast = h('div', { class: 'toast', role: 'status' },
        h('span', {}, 'A new version of Mergepad is ready.'),
        h('button', { class: 'button button-small', type: 'button', onclick: () => void update(true) }, 'Reload'),
        h('button', { class: 'icon-button', type: 'button', 'aria-label': 'Dismiss', onclick: () => toast.remove() }, '×'),
      )
      document.body.append(toast)
    },
  })
}
