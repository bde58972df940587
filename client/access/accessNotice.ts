import '../styles/access.css'
import { copyText } from '../share/copyText.ts'
import { downloadText } from '../share/download.ts'
import { h } from '../ui/h.ts'
import type { AccessRefusal } from './accessRefusal.ts'

/**
 * The notice shown under the top bar when the relay refuses this tab: what happened, and, when
 * changes made here were never saved, that they could not be saved and buttons to copy or
 * download the text, so they are never lost without a word.
 */
export function accessNotice(docName: string, refusal: AccessRefusal, unsaved: number, currentText: () => string): HTMLElement {
  const status = h('span', { class: 'access-notice-status', role: 'status' })
  const copy = async () => {
    status.textContent = (await copyText(currentText())) ? 'Text copied' : 'Copy failed: select the text and copy it'
  }
  const lost = unsaved === 1 ? '1 change made on this device could not be saved.' : `${unsaved} changes made on this device could not be saved.`
  return h('div', { class: 'access-notice', role: 'alert', 'data-testid': 'access-notice' },
    h('strong', { class: 'access-notice-title' }, refusal.title),
    h('p', {}, refusal.detail),
    unsaved > 0 &&
      h('div', { class: 'access-notice-unsaved', 'data-testid': 'unsaved-notice' },
        h('p', {}, `${lost} Copy or download the text to keep them.`),
        h('div', { class: 'access-notice-actions' },
          h('button', { class: 'button button-small', type: 'button', 'data-testid': 'copy-unsaved', onclick: () => void copy() }, 'Copy text'),
          h('button', { class: 'button button-small', type: 'button', 'data-testid': 'download-unsaved', onclick: () => downloadText(docName, currentText(), 'md') }, 'Download .md'),
          status,
        ),
      ),
  )
}
