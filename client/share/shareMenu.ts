import { h } from '../ui/h.ts'
import { popover } from '../ui/popover.ts'
import { copyText } from './copyText.ts'
import { downloadText, type DownloadFormat } from './download.ts'

/**
 * The "Share" button and its menu: copy this page's link, download the text as `.md` or `.txt`.
 * `currentText` is read at the moment of download.
 */
export function shareMenu(docName: string, currentText: () => string): HTMLElement {
  const button = h('button', { class: 'button', type: 'button', 'data-testid': 'share', 'aria-haspopup': 'menu' }, 'Share')
  const copied = h('span', { class: 'menu-note', role: 'status' })
  const copyLink = async () => {
    const ok = await copyText(location.href)
    copied.textContent = ok ? 'Link copied' : 'Copy failed: select the address bar instead'
    setTimeout(() => (copied.textContent = ''), 2500)
  }
  const download = (format: DownloadFormat) => () => {
    downloadText(docName, currentText(), format)
    close()
  }
  const panel = h(
    'div',
    { class: 'menu', role: 'menu' },
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'copy-link', onclick: () => void copyLink() }, 'Copy link'),
    copied,
    h('div', { class: 'menu-sep' }),
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'download-md', onclick: download('md') }, 'Download .md'),
    h('button', { class: 'menu-item', role: 'menuitem', type: 'button', 'data-testid': 'download-txt', onclick: download('txt') }, 'Download .txt'),
  )
  const close = popover(button, panel)
  return h('div', { class: 'menu-anchor' }, button, panel)
}
