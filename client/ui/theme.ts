import { readLocalJson, writeLocalJson } from '../storage/localJson.ts'

/** What a person picked: follow the system's light/dark setting, or always one of them. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/** The colours a page is drawn in. */
export type Theme = 'light' | 'dark'

/** The `localStorage` key of the remembered {@link ThemeChoice}. */
export const themeKey = 'mergepad.theme'

const choices: readonly ThemeChoice[] = ['system', 'light', 'dark']
const systemDark = () => matchMedia('(prefers-color-scheme: dark)')
const listeners = new Set<() => void>()
let held: Theme | null = null
let started = false

/** The remembered choice; `system` when none (or an unknown value) is stored. */
export function themeChoice(): ThemeChoice {
  const stored = readLocalJson<unknown>(themeKey, 'system')
  return choices.includes(stored as ThemeChoice) ? (stored as ThemeChoice) : 'system'
}

/** The theme `choice` means when the system prefers dark (`prefersDark`) or not. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): Theme {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice
}

/** The theme the page shows now. */
export function currentTheme(): Theme {
  return held ?? resolveTheme(themeChoice(), systemDark().matches)
}

/** Remembers `choice` on this device and redraws every page (and other tabs) in it. */
export function setThemeChoice(choice: ThemeChoice): void {
  writeLocalJson(themeKey, choice)
  applyTheme()
}

/** Calls `listener` whenever the shown theme or the choice may have changed. Returns the unsubscribe. */
export function onThemeChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Applies the theme at once and keeps it current: when the system's preference changes and when
 * another tab stores a new choice. Safe to call more than once. Runs from the bundled entry
 * module (no inline script), before the first page is drawn.
 *
 * The theme is the `data-theme` attribute (`light` or `dark`) on `<html>`; `base.css` defines every
 * colour for both values. A page adopts dark mode by drawing only with those custom properties.
 */
export function startTheme(): void {
  applyTheme()
  if (started) return
  started = true
  systemDark().addEventListener('change', applyTheme)
  window.addEventListener('storage', (event) => event.key === themeKey && applyTheme())
}

/**
 * Shows `theme` whatever the choice, until the returned function is called: for a page whose own
 * colours do not follow the theme yet (the demo holds `light`; once its stylesheet draws with the
 * custom properties of `base.css`, it stops calling this).
 */
export function holdTheme(theme: Theme): () => void {
  held = theme
  applyTheme()
  return () => {
    held = null
    applyTheme()
  }
}

function applyTheme(): void {
  const theme = currentTheme()
  const root = document.documentElement
  if (root.dataset.theme !== theme) root.dataset.theme = theme
  const meta = document.querySelector<HTMLMetaElement>('meta[name="theme-color"]')
  if (meta) meta.content = getComputedStyle(root).getPropertyValue('--bg').trim() || meta.content
  for (const listener of listeners) listener()
}
