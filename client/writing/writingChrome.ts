import { openSearchPanel } from '@codemirror/search'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { statusAnnouncement } from '../editor/statusAnnouncement.ts'
import { findAndReplace } from '../find/findReplace.ts'
import { editorImport, fileDropsToPage, insertText } from '../import/editorImport.ts'
import { takeImport } from '../import/pendingImport.ts'
import { outlineEntries } from '../outline/headings.ts'
import { liveSplit } from '../preview/liveSplit.ts'
import { createMarkdown } from '../preview/markdown.ts'
import { previewPane } from '../preview/previewPane.ts'
import { editorScrollSide, previewScrollSide } from '../preview/scrollSides.ts'
import { syncScroll } from '../preview/scrollSync.ts'
import type { DocSession } from '../session/docSession.ts'
import { liveRegion } from '../ui/liveRegion.ts'
import { writingTools, type WritingTools } from './writingTools.ts'
import { previewPlace, writingView, type WritingViewState } from './writingView.ts'

/** The writing tools of one editor page; see {@link writingChrome}. */
export interface WritingChrome {
  readonly tools: WritingTools
  /** The preview pane, to place beside the text. */
  readonly preview: HTMLElement
  /** The live region announcing the connection's news (visually hidden). */
  readonly announcer: HTMLElement
  /** The editor extensions the tools need (find and replace, file drops, scroll margins). */
  extensions(session: DocSession): Extension
  /** Lays out `editorPage` (the page's root element) for the remembered view, before the text opens. */
  mount(editorPage: HTMLElement): void
  /** Starts the tools on the open document in `editor`. Returns the function that stops them. */
  attach(session: DocSession, editor: EditorView): () => void
  /** Closes menus and stops following the window; call when the page goes away. */
  destroy(): void
}

/** How long the outline waits for typing to pause before it looks for new headings. */
const outlineDelayMs = 200

/**
 * Everything the editor page shows for writing, around the text: find and replace, the live
 * preview with its scroll sync, the outline, importing files, printing, the theme switch, and the
 * live region that announces the connection's news. Built before the document opens (so the page
 * has its final layout at once); `attach` brings it to life once the editor exists.
 */
export function writingChrome(docName: string): WritingChrome {
  const md = createMarkdown()
  let view: EditorView | null = null
  let docChanged = () => {}
  let page: HTMLElement | null = null
  let destroyView = () => {}
  const announcer = liveRegion()
  const preview = previewPane(md, () => split.current(), `Preview of ${docName}`)
  const split = liveSplit(md, () => view?.state.doc.toString() ?? '')

  /** The bottom of what is stuck to the top of the window (top bar, view bar, banner), in pixels. */
  const headerBottom = () => {
    let bottom = 0
    for (const el of page?.querySelectorAll<HTMLElement>('.topbar, .view-bar, .banner') ?? []) bottom = Math.max(bottom, el.getBoundingClientRect().bottom)
    return bottom
  }
  const footerHeight = () => page?.querySelector('.statusbar')?.getBoundingClientRect().height ?? 0

  let afterViewChange = (_state: WritingViewState) => {}
  const onView = (next: WritingViewState) => {
    tools.update(next)
    preview.setShown(previewPlace(next) !== 'off')
    afterViewChange(next)
  }
  let state: () => WritingViewState = () => ({ wide: true, previewBeside: true, outlineOpen: false, narrow: 'write' })
  let set: (change: Partial<WritingViewState>) => void = () => {}
  let actions = {
    find: () => {},
    jumpTo: (_line: number) => {},
    importFile: () => {},
    showNarrow: (_view: 'write' | 'preview') => {},
  }
  const tools = writingTools({
    toggleOutline: () => set({ outlineOpen: !state().outlineOpen }),
    togglePreview: () => set({ previewBeside: !state().previewBeside }),
    find: () => actions.find(),
    showNarrow: (which) => actions.showNarrow(which),
    jumpTo: (line) => actions.jumpTo(line),
    importFile: () => actions.importFile(),
    print: () => {
      preview.flush()
      window.print()
    },
  })

  return {
    tools,
    preview: preview.element,
    announcer: announcer.element,

    extensions(session: DocSession): Extension {
      return [
        findAndReplace(session.undoManager),
        fileDropsToPage,
        EditorView.scrollMargins.of(() => ({ top: headerBottom(), bottom: footerHeight() })),
        EditorView.updateListener.of((update) => update.docChanged && docChanged()),
      ]
    },

    mount(editorPage: HTMLElement) {
      page = editorPage
      const viewState = writingView(editorPage, onView)
      state = viewState.state
      set = viewState.set
      destroyView = viewState.destroy
      tools.update(state())
    },

    attach(session: DocSession, editor: EditorView): () => void {
      view = editor
      const editorPage = page!
      const editorSide = editorScrollSide(editor, editorPage.querySelector<HTMLElement>('.paper')!, headerBottom)
      const previewSide = previewScrollSide(preview.element, preview.article, () => preview.blocks, () => split.current().lineCount, headerBottom)
      const sync = syncScroll(editorSide, previewSide, () => previewPlace(state()) === 'beside')
      const files = editorImport(editorPage, editor, session.undoManager)
      const outlineCache = new Map<string, string>()
      let outlineTimer: ReturnType<typeof setTimeout> | undefined
      const showOutline = () => {
        const entries = outlineEntries(md, split.current().headings, outlineCache)
        for (const outline of tools.outlines) outline.show(entries)
        markCurrentHeading()
      }
      const markCurrentHeading = () => {
        const line = previewPlace(state()) === 'only' ? previewSide.topLine() : editorSide.topLine()
        for (const outline of tools.outlines) outline.setCurrent(line)
      }

      docChanged = () => {
        split.invalidate()
        preview.changed()
        clearTimeout(outlineTimer)
        outlineTimer = setTimeout(showOutline, outlineDelayMs)
      }
      // A render moves what is on screen only if a block at or above the top line changed.
      const stopRenderSync = preview.onRender((changedFrom) => changedFrom <= Math.ceil(sync.alignedTopLine()) && sync.align())
      actions = {
        find: () => {
          if (previewPlace(state()) === 'only') actions.showNarrow('write')
          openSearchPanel(editor)
        },
        importFile: files.pick,
        jumpTo: (line) => {
          if (previewPlace(state()) === 'only') {
            previewSide.scrollToLine(line)
            return
          }
          const at = editor.state.doc.line(Math.min(line + 1, editor.state.doc.lines)).from
          editor.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'start' }) })
          editor.focus()
          requestAnimationFrame(() => sync.follow('editor'))
        },
        showNarrow: (which) => {
          if (state().narrow === which) return
          const line = which === 'preview' ? editorSide.topLine() : previewSide.topLine()
          set({ narrow: which })
          if (which === 'preview') previewSide.scrollToLine(line)
          else editorSide.scrollToLine(line)
        },
      }

      // Ctrl/Cmd-F anywhere on the page finds in the document, not in the page around it.
      const onKey = (event: KeyboardEvent) => {
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return
        if (editor.dom.contains(event.target as Node)) return
        event.preventDefault()
        actions.find()
      }
      document.addEventListener('keydown', onKey)
      let scrollFrame = 0
      const onScroll = () => (scrollFrame ||= requestAnimationFrame(() => ((scrollFrame = 0), markCurrentHeading())))
      window.addEventListener('scroll', onScroll, { passive: true })
      preview.element.addEventListener('scroll', onScroll, { passive: true })

      let lastNews: string | null = null
      const announce = (connection: Parameters<typeof statusAnnouncement>[0]) => {
        const news = statusAnnouncement(connection)
        if (news && news.key !== lastNews) announcer.announce(news.text)
        if (news) lastNews = news.key
      }
      announce(session.connection())
      const stopAnnouncing = session.onConnection(announce)

      const imported = takeImport(session.name)
      if (imported !== undefined) insertText(editor, session.undoManager, imported, 0)
      afterViewChange = (next) => {
        if (previewPlace(next) === 'beside') requestAnimationFrame(() => sync.follow('editor'))
        markCurrentHeading()
      }
      docChanged()
      onView(state())
      return () => {
        afterViewChange = () => {}
        docChanged = () => {}
        clearTimeout(outlineTimer)
        cancelAnimationFrame(scrollFrame)
        document.removeEventListener('keydown', onKey)
        window.removeEventListener('scroll', onScroll)
        stopAnnouncing()
        stopRenderSync()
        sync.destroy()
        files.destroy()
        preview.destroy()
        view = null
      }
    },

    destroy() {
      destroyView()
      tools.destroy()
      preview.destroy()
    },
  }
}
