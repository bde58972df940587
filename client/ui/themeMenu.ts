import { h } from './h.ts'
import { icon } from './icons.ts'
import { popover } from './popover.ts'
import { currentTheme, onThemeChange } from './theme.ts'
import { themeSwitch } from './themeSwitch.ts'

/**
 * A button showing the current theme (sun or moon) that opens the theme switch, for pages without
 * a menu of their own to hold it. Call `destroy` when the page goes away.
 */
export function themeMenu(): { element: HTMLElement; destroy(): void } {
  const button = h('button', { class: 'button tool-button icon-only', type: 'button', 'data-testid': 'theme-button', 'aria-label': 'Theme', 'aria-haspopup': 'true' })
  const drawIcon = () => button.replaceChildren(icon(currentTheme() === 'dark' ? 'moon' : 'sun'))
  drawIcon()
  const choices = themeSwitch()
  const panel = h('div', { class: 'menu theme-menu' }, choices.element)
  const close = popover(button, panel)
  const stop = onThemeChange(drawIcon)
  return {
    element: h('div', { class: 'menu-anchor' }, button, panel),
    destroy() {
      close()
      stop()
      choices.destroy()
    },
  }
}
