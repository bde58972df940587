import { h } from './h.ts'
import { icon, type IconName } from './icons.ts'
import { onThemeChange, setThemeChoice, themeChoice, type ThemeChoice } from './theme.ts'

const options: { choice: ThemeChoice; label: string; icon: IconName }[] = [
  { choice: 'system', label: 'System', icon: 'system' },
  { choice: 'light', label: 'Light', icon: 'sun' },
  { choice: 'dark', label: 'Dark', icon: 'moon' },
]

/**
 * The theme switch: three buttons (System, Light, Dark) in a labelled group, the remembered choice
 * pressed (`aria-pressed`). Choosing one applies and remembers it. Call `destroy` when the page
 * goes away.
 */
export function themeSwitch(): { element: HTMLElement; destroy(): void } {
  const buttons = options.map(({ choice, label, icon: name }) =>
    h('button', { class: 'segment', type: 'button', 'data-theme-choice': choice, onclick: () => setThemeChoice(choice) }, icon(name), h('span', {}, label)),
  )
  const draw = () => {
    const chosen = themeChoice()
    buttons.forEach((button, i) => button.setAttribute('aria-pressed', String(options[i].choice === chosen)))
  }
  draw()
  const element = h('div', { class: 'theme-switch' }, h('span', { class: 'menu-title', 'aria-hidden': 'true' }, 'Theme'), h('div', { class: 'segmented', role: 'group', 'aria-label': 'Theme', 'data-testid': 'theme-switch' }, ...buttons))
  return { element, destroy: onThemeChange(draw) }
}
