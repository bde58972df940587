import './styles/base.css'
import './styles/controls.css'
import './styles/home.css'
import './styles/editor.css'
import './styles/tools.css'
import './styles/outline.css'
import './styles/find.css'
import './styles/writingLayout.css'
import './styles/preview.css'
import './styles/print.css'
import { mountEditorPage } from './editor/editorPage.ts'
import { mountHomePage } from './home/homePage.ts'
import { registerServiceWorker } from './pwa/registerServiceWorker.ts'
import { onNavigate } from './routing/navigate.ts'
import { parseRoute } from './routing/route.ts'
import { mountMessagePage } from './ui/messagePage.ts'
import { holdTheme, startTheme } from './ui/theme.ts'

performance.mark('mergepad:start')
startTheme()
const root = document.getElementById('app')!
let unmount = () => {}

/** Renders the page for the current address, closing the previous one first. */
function render(): void {
  unmount()
  unmount = () => {}
  const route = parseRoute(location.pathname)
  switch (route.kind) {
    case 'home':
      unmount = mountHomePage(root)
      break
    case 'doc':
      unmount = mountEditorPage(root, route.name)
      break
    case 'badDoc':
      unmount = mountMessagePage(root, 'That name won’t work', `“${route.name}” can’t be a document name: ${route.reason}.`)
      break
    case 'demo':
      root.replaceChildren()
      document.title = 'How merging works · Mergepad'
      // The demo's stylesheets have colours of their own that are light only, for now.
      {
        const release = holdTheme('light')
        const close = mountOnDemand(() => import('./demo/main.ts').then((demo) => demo.mountDemo))
        unmount = () => (close(), release())
      }
      break
    case 'notFound':
      unmount = mountMessagePage(root, 'Page not found', `There is nothing at ${route.path}.`)
      break
    default:
      route satisfies never
  }
  window.scrollTo(0, 0)
}

/**
 * Mounts a page whose code is loaded on demand, once it arrives. Returns the function that closes
 * it; called before the code arrives, it makes sure the page is never mounted, so a slow chunk
 * cannot draw over the page that replaced it.
 */
function mountOnDemand(load: () => Promise<(root: HTMLElement) => () => void>): () => void {
  let closed = false
  let close = () => {}
  load().then(
    (mount) => {
      if (!closed) close = mount(root)
    },
    (error: unknown) => {
      if (!closed) close = mountMessagePage(root, 'This page did not load', `Check your connection and reload. (${error instanceof Error ? error.message : String(error)})`)
    },
  )
  return () => {
    closed = true
    close()
  }
}

onNavigate(render)
render()
registerServiceWorker()
