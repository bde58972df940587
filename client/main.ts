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
      // The demo's stylesheet has colours of its own that are light only, for now.
      unmount = holdTheme('light')
      void import('./demo/main.ts').then(({ mountDemo }) => mountDemo(root))
      break
    case 'notFound':
      unmount = mountMessagePage(root, 'Page not found', `There is nothing at ${route.path}.`)
      break
    default:
      route satisfies never
  }
  window.scrollTo(0, 0)
}

onNavigate(render)
render()
registerServiceWorker()
