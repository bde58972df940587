/**
 * Makes `button` open and close `panel` (a sibling positioned by CSS). The panel closes on
 * Escape, on a click outside both, and when `close` is called. Returns `close`.
 */
export function popover(button: HTMLElement, panel: HTMLElement): () => void {
  panel.hidden = true
  button.setAttribute('aria-expanded', 'false')
  const setOpen = (open: boolean) => {
    panel.hidden = !open
    button.setAttribute('aria-expanded', String(open))
  }
  const close = () => setOpen(false)
  button.addEventListener('click', (event) => {
    event.stopPropagation()
    setOpen(panel.hidden)
  })
  document.addEventListener('click', (event) => {
    if (!panel.hidden && !panel.contains(event.target as Node)) close()
  })
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      close()
      button.focus()
    }
  })
  return close
}
