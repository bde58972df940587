import { outlineList } from '../outline/outlineList.ts'
import { h } from '../ui/h.ts'
import { icon } from '../ui/icons.ts'
import { popover } from '../ui/popover.ts'
import { themeSwitch } from '../ui/themeSwitch.ts'
import type { WritingViewState } from './writingView.ts'

/** What the writing tools ask the page to do. */
export interface WritingActions {
  toggleOutline(): void
  find(): void
  togglePreview(): void
  showNarrow(view: 'write' | 'preview'): void
  jumpTo(line: number): void
  importFile(): void
  print(): void
}

/** The controls of the writing tools, placed by the editor page. */
export interface WritingTools {
  /** Wide windows: Outline, Find and Preview buttons for the top bar. */
  readonly bar: HTMLElement
  /** Wide windows: the "More" menu for the top bar (find, import, print, theme); narrow ones have it in the view bar. */
  readonly more: HTMLElement
  /** Narrow windows: the Write/Preview switch and the outline menu, under the top bar. */
  readonly viewBar: HTMLElement
  /** Wide windows: the outline panel beside the text. */
  readonly outlinePanel: HTMLElement
  /** Both outline lists (panel and menu). */
  readonly outlines: ReturnType<typeof outlineList>[]
  /** Redraws the pressed states for `state`. */
  update(state: WritingViewState): void
  destroy(): void
}

const shortcut = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘F' : 'Ctrl+F'

/**
 * Builds the writing tools. Every control is a real button reachable with Tab, toggles say their
 * state with `aria-pressed`, and menus close with Escape (see `popover`).
 */
export function writingTools(actions: WritingActions): WritingTools {
  const toggle = (testId: string, name: Parameters<typeof icon>[0], label: string, onclick: () => void) =>
    h('button', { class: 'button tool-button', type: 'button', 'data-testid': testId, 'aria-pressed': 'false', onclick }, icon(name), h('span', { class: 'tool-label' }, label))
  const outlineButton = toggle('outline-toggle', 'outline', 'Outline', actions.toggleOutline)
  const previewButton = toggle('preview-toggle', 'preview', 'Preview', actions.togglePreview)
  const findButton = h('button', { class: 'button tool-button', type: 'button', 'data-testid': 'find', title: `Find and replace (${shortcut})`, onclick: actions.find }, icon('search'), h('span', { class: 'tool-label' }, 'Find'))
  const bar = h('div', { class: 'writing-tools', role: 'group', 'aria-label': 'Writing tools' }, outlineButton, findButton, previewButton)

  const topMore = moreMenu(actions)
  const barMore = moreMenu(actions)

  // Its pencil and "Write" give way to "Text" on a page that cannot be changed (see tools.css).
  const pencil = icon('write')
  pencil.classList.add('write-label')
  const writeButton = h('button', { class: 'segment', type: 'button', 'data-testid': 'show-write', onclick: () => actions.showNarrow('write') }, pencil, h('span', { class: 'write-label' }, 'Write'), h('span', { class: 'read-label' }, 'Text'))
  const showPreviewButton = h('button', { class: 'segment', type: 'button', 'data-testid': 'show-preview', onclick: () => actions.showNarrow('preview') }, icon('preview'), h('span', {}, 'Preview'))
  const menuOutline = outlineList((line) => (closeOutlineMenu(), actions.jumpTo(line)))
  const outlineMenuButton = h('button', { class: 'button tool-button', type: 'button', 'data-testid': 'outline-menu', 'aria-haspopup': 'true' }, icon('outline'), h('span', {}, 'Outline'))
  const outlineMenu = h('nav', { class: 'menu outline-menu', 'aria-label': 'Outline' }, menuOutline.element)
  const closeOutlineMenu = popover(outlineMenuButton, outlineMenu)
  const viewBar = h('div', { class: 'view-bar', 'data-testid': 'view-bar', role: 'region', 'aria-label': 'View' },
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Show' }, writeButton, showPreviewButton),
    h('div', { class: 'view-bar-end' }, h('div', { class: 'menu-anchor' }, outlineMenuButton, outlineMenu), barMore.element),
  )

  const panelOutline = outlineList(actions.jumpTo)
  const outlinePanel = h('nav', { class: 'outline-panel', 'data-testid': 'outline-panel', 'aria-label': 'Outline' }, h('h2', { class: 'outline-title' }, 'Outline'), panelOutline.element)

  return {
    bar,
    more: topMore.element,
    viewBar,
    outlinePanel,
    outlines: [panelOutline, menuOutline],
    update(state) {
      outlineButton.setAttribute('aria-pressed', String(state.outlineOpen))
      previewButton.setAttribute('aria-pressed', String(state.previewBeside))
      writeButton.setAttribute('aria-pressed', String(state.narrow === 'write'))
      showPreviewButton.setAttribute('aria-pressed', String(state.narrow === 'preview'))
    },
    destroy() {
      closeOutlineMenu()
      topMore.destroy()
      barMore.destroy()
    },
  }
}

/** The "More" button and its menu: find, import, print, and the theme switch. */
function moreMenu(actions: WritingActions): { element: HTMLElement; destroy(): void } {
  const theme = themeSwitch()
  const button = h('button', { class: 'button tool-button icon-only', type: 'button', 'data-testid': 'more', 'aria-label': 'More', 'aria-haspopup': 'true' }, icon('more'))
  const item = (testId: string, name: Parameters<typeof icon>[0], label: string, run: () => void, hint?: string) =>
    h('button', { class: 'menu-item', type: 'button', 'data-testid': testId, onclick: () => (close(), run()) }, icon(name), h('span', {}, label), hint ? h('kbd', { class: 'menu-hint' }, hint) : null)
  const panel = h('div', { class: 'menu more-menu', 'data-testid': 'more-menu' },
    item('menu-find', 'search', 'Find and replace', actions.find, shortcut),
    item('menu-import', 'import', 'Import a file…', actions.importFile),
    item('menu-print', 'print', 'Print…', actions.print),
    h('div', { class: 'menu-sep' }),
    theme.element,
  )
  const close = popover(button, panel)
  return {
    element: h('div', { class: 'menu-anchor more' }, button, panel),
    destroy() {
      close()
      theme.destroy()
    },
  }
}
