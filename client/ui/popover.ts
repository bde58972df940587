/**
 * Makes `button` open and close `panel` (a sibling positioned by CSS). While open, the panel
 * closes on Escape and on a click outside it; those listeners exist only while it is open, so a
 * page that goes away leaves nothing behind. Returns a function that closes the panel.
 */
export function popover(button: HTMLElement, panel: HTMLElement): () => void {
  const onOutsideClick = (event: MouseEvent) => {
    if (!panel.contains(event.target as Node) && !button.contains(event.target as Node)) setOpen(false)
  }
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    setOpen(false)
    button.focus()
  }
  const setOpen = (open: boolean) => {
    panel.hidden = !open
    button.setAttribute('aria-expanded', String(open))
    if (open) {
      document.addEventListener('click', onOutsideClick)
      document.addEventListener('keydown', onKey)
    } else {
      document.removeEventListener('click', onOutsideClick)
      document.removeEventListener('keydown', onKey)
    }
  }
  setOpen(false)
  button.addEventListener('click', () => setOpen(panel.hidden))
  return () => setOpen(false)
}
