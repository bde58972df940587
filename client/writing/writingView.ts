import { readLocalJson, writeLocalJson } from '../storage/localJson.ts'

/** How wide a window must be for the preview and outline to sit beside the text. */
export const wideQuery = '(min-width: 960px)'

/** What the editor page shows around the text. */
export interface WritingViewState {
  /** The window is wide enough for panels beside the text. */
  wide: boolean
  /** Wide windows: the preview sits beside the text (remembered on this device). */
  previewBeside: boolean
  /** Wide windows: the outline panel is open (remembered on this device). */
  outlineOpen: boolean
  /** Narrow windows: the text or the preview fills the page. */
  narrow: 'write' | 'preview'
}

/** Where the preview is: beside the text, instead of it, or not shown. */
export type PreviewPlace = 'beside' | 'only' | 'off'

/** The place of the preview in `state`. */
export function previewPlace(state: WritingViewState): PreviewPlace {
  if (state.wide) return state.previewBeside ? 'beside' : 'off'
  return state.narrow === 'preview' ? 'only' : 'off'
}

const key = 'mergepad.writingView'

/**
 * The page's view state, kept on `page` as `data-preview` (a {@link PreviewPlace}) and
 * `data-outline` (`open` only for a wide window with the panel open) for the stylesheet. Follows
 * the window's width; `set` changes it, remembers the wide-window choices and tells `onChange`.
 */
export function writingView(page: HTMLElement, onChange: (state: WritingViewState) => void): { state(): WritingViewState; set(change: Partial<WritingViewState>): void; destroy(): void } {
  const media = matchMedia(wideQuery)
  const remembered = readLocalJson<Partial<WritingViewState>>(key, {})
  let state: WritingViewState = {
    wide: media.matches,
    previewBeside: remembered.previewBeside ?? true,
    outlineOpen: remembered.outlineOpen ?? false,
    narrow: 'write',
  }
  const apply = () => {
    page.dataset.preview = previewPlace(state)
    page.dataset.outline = state.wide && state.outlineOpen ? 'open' : 'closed'
    onChange(state)
  }
  const set = (change: Partial<WritingViewState>) => {
    state = { ...state, ...change }
    writeLocalJson(key, { previewBeside: state.previewBeside, outlineOpen: state.outlineOpen })
    apply()
  }
  const onMedia = () => {
    state = { ...state, wide: media.matches }
    apply()
  }
  media.addEventListener('change', onMedia)
  page.dataset.preview = previewPlace(state)
  page.dataset.outline = state.wide && state.outlineOpen ? 'open' : 'closed'
  return { state: () => state, set, destroy: () => media.removeEventListener('change', onMedia) }
}
