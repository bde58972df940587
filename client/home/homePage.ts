import { validateDocName } from '../../shared/index.ts'
import { docPath } from '../routing/route.ts'
import { inAppLink, navigate } from '../routing/navigate.ts'
import { forgetRecent, recentDocs } from '../storage/recentDocs.ts'
import { homeImport } from '../import/homeImport.ts'
import { brandMark } from '../ui/brandMark.ts'
import { h } from '../ui/h.ts'
import { themeMenu } from '../ui/themeMenu.ts'
import { newDocument } from './newDocument.ts'
import { relativeTime } from './relativeTime.ts'

/**
 * The home page: start a new document, open one by name, and the documents opened on this device.
 * Returns the function that closes it.
 */
export function mountHomePage(root: HTMLElement): () => void {
  document.title = 'Mergepad · write together, online or off'
  const nameInput = h('input', { class: 'input', type: 'text', placeholder: 'Name, e.g. team/plan', 'data-testid': 'open-name', 'aria-label': 'Document name', autocomplete: 'off', spellcheck: 'false' })
  const nameError = h('p', { class: 'field-error', 'data-testid': 'open-error', role: 'alert' })
  const recentList = h('ul', { class: 'recent-list', 'data-testid': 'recent' })
  const newError = h('p', { class: 'field-error', 'data-testid': 'new-error', role: 'alert' })
  const create = async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement
    button.disabled = true
    newError.textContent = ''
    try {
      navigate(docPath(await newDocument()))
    } catch (error) {
      newError.textContent = (error as Error).message
      button.disabled = false
    }
  }
  const theme = themeMenu()

  const open = (event: Event) => {
    event.preventDefault()
    const name = nameInput.value.trim()
    const reason = validateDocName(name)
    nameError.textContent = reason === null ? '' : capitalise(reason) + '.'
    nameInput.setAttribute('aria-invalid', String(reason !== null))
    if (reason === null) navigate(docPath(name))
  }
  nameInput.addEventListener('input', () => {
    nameError.textContent = ''
    nameInput.removeAttribute('aria-invalid')
  })

  const drawRecent = () => {
    const docs = recentDocs()
    recentList.replaceChildren(
      ...(docs.length === 0
        ? [h('li', { class: 'recent-empty' }, 'Documents you open on this device appear here, and stay readable offline.')]
        : docs.map((doc) =>
            h('li', { class: 'recent-item' },
              inAppLink(h('a', { class: 'recent-link', href: docPath(doc.name), 'data-testid': 'recent-doc' },
                h('span', { class: 'recent-name' }, doc.name),
                h('span', { class: 'recent-time' }, `Opened ${relativeTime(doc.lastOpened)}`),
              )),
              h('button', { class: 'icon-button', type: 'button', title: 'Remove from this list', 'aria-label': `Remove ${doc.name} from this list`, onclick: () => { forgetRecent(doc.name); drawRecent() } }, '×'),
            ),
          )),
    )
  }
  drawRecent()

  const files = homeImport(document.body)
  root.replaceChildren(
    h('main', { class: 'home' },
      h('header', { class: 'home-header' }, brandMark(), h('div', { class: 'home-header-end' }, inAppLink(h('a', { class: 'link', href: '/demo', 'data-testid': 'demo-link' }, 'See how merging works →')), theme.element)),
      h('section', { class: 'hero' },
        h('h1', {}, 'Write together.', h('br'), h('span', { class: 'hero-soft' }, 'Online or off.')),
        h('p', { class: 'lede' }, 'Every tab keeps its own copy of the document, so typing never waits for the network. Share the link; edits merge as you type, and work done offline merges when you reconnect.'),
        h('div', { class: 'hero-actions' },
          h('button', { class: 'button button-primary button-large', type: 'button', 'data-testid': 'new-doc', onclick: create }, 'New document'),
          files.button,
        ),
        newError,
        h('p', { class: 'hint' }, 'Or drop a .md or .txt file here to start a document with its text.'),
      ),
      h('section', { class: 'card' },
        h('h2', {}, 'Open a document'),
        h('form', { class: 'open-form', onsubmit: open, novalidate: true }, nameInput, h('button', { class: 'button', type: 'submit', 'data-testid': 'open-submit' }, 'Open')),
        nameError,
        h('p', { class: 'hint' }, 'A new name creates the document. Use “/” to group, like team/plan.'),
      ),
      h('section', { class: 'card' }, h('h2', {}, 'On this device'), recentList),
      h('footer', { class: 'home-footer' }, 'Your documents are stored in this browser and synced through the Mergepad server.'),
    ),
  )
  return () => {
    files.destroy()
    theme.destroy()
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
