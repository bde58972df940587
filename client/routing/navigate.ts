type Listener = () => void

const listeners = new Set<Listener>()

/**
 * Moves the app to `path` without a page load, then tells every {@link onNavigate} listener.
 * `replace` swaps the current history entry instead of adding one.
 */
export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  for (const listener of listeners) listener()
}

/** Calls `listener` after every {@link navigate} and on back/forward. Returns the unsubscribe. */
export function onNavigate(listener: Listener): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

/**
 * Makes a same-origin link navigate in place: plain clicks go through {@link navigate}, while
 * modified clicks (new tab, new window) keep the browser's behaviour.
 */
export function inAppLink(a: HTMLAnchorElement): HTMLAnchorElement {
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(a.pathname + a.search)
  })
  return a
}
