import type { Awareness } from 'y-protocols/awareness'
import { saveIdentity, type Identity } from '../storage/identity.ts'
import { h } from '../ui/h.ts'
import { popover } from '../ui/popover.ts'
import { inkOn, isHexColor, palette } from './palette.ts'

/** A person in the document as the list shows them. */
export interface Person {
  clientId: number
  name: string
  color: string
  isSelf: boolean
}

/** Everyone in the awareness with a name, yourself first. Unknown colours fall back to grey. */
export function peopleHere(awareness: Awareness): Person[] {
  const people: Person[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = state.user as { name?: unknown; color?: unknown } | undefined
    if (typeof user?.name !== 'string') continue
    const color = isHexColor(user.color) ? user.color : '#8b8d98'
    people.push({ clientId, name: user.name, color, isSelf: clientId === awareness.clientID })
  }
  return people.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name))
}

/** One or two letters for an avatar: the initials of the first two words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  return (words.length > 1 ? words[0][0] + words[1][0] : (words[0] ?? '?').slice(0, 2)).toUpperCase()
}

/**
 * Who is here: a stack of coloured avatars that opens a panel listing everyone, where you can
 * change your own name and colour (remembered on this device via `onIdentity`).
 */
export function peopleView(awareness: Awareness, identity: Identity, onIdentity: (identity: Identity) => void): { element: HTMLElement; destroy(): void } {
  const stack = h('button', { class: 'avatars', type: 'button', 'data-testid': 'people-button' })
  const list = h('ul', { class: 'people-list', 'data-testid': 'people' })
  const nameInput = h('input', { class: 'input', type: 'text', maxlength: 40, value: identity.name, 'data-testid': 'my-name', 'aria-label': 'Your name' })
  const swatches = h('div', { class: 'swatches', role: 'radiogroup', 'aria-label': 'Your colour' })

  let current = identity
  const apply = (next: Identity) => {
    current = saveIdentity(next)
    onIdentity(current)
    drawSwatches()
  }
  nameInput.addEventListener('change', () => apply({ ...current, name: nameInput.value }))
  nameInput.addEventListener('keydown', (e) => e.key === 'Enter' && apply({ ...current, name: nameInput.value }))

  const drawSwatches = () =>
    swatches.replaceChildren(
      ...palette.map((color) =>
        h('button', {
          class: 'swatch',
          type: 'button',
          role: 'radio',
          'aria-checked': String(color === current.color),
          'aria-label': `Colour ${color}`,
          style: `--swatch: ${color}`,
          onclick: () => apply({ name: nameInput.value, color }),
        }),
      ),
    )

  const draw = () => {
    const people = peopleHere(awareness)
    // The initials are decoration; the button's name is the words in the hidden span.
    const avatars = people.slice(0, 4).map((p) => h('span', { class: 'avatar', 'aria-hidden': 'true', style: `--who: ${p.color}; --who-ink: ${inkOn(p.color)}`, title: p.isSelf ? `${p.name} (you)` : p.name }, initials(p.name)))
    if (people.length > 4) avatars.push(h('span', { class: 'avatar avatar-more', 'aria-hidden': 'true' }, `+${people.length - 4}`))
    stack.replaceChildren(...avatars, h('span', { class: 'visually-hidden' }, `${people.length} ${people.length === 1 ? 'person' : 'people'} here`))
    list.replaceChildren(
      ...people.map((p) =>
        h('li', { class: 'person', 'data-name': p.name, 'data-self': String(p.isSelf) },
          h('span', { class: 'dot', style: `--who: ${p.color}` }),
          h('span', { class: 'person-name' }, p.name),
          p.isSelf ? h('span', { class: 'person-tag' }, 'you') : null,
        ),
      ),
    )
  }

  const panel = h(
    'div',
    { class: 'menu people-panel' },
    h('div', { class: 'menu-title' }, 'Here now'),
    list,
    h('div', { class: 'menu-sep' }),
    h('label', { class: 'menu-title' }, 'Your name'),
    nameInput,
    h('div', { class: 'menu-title' }, 'Your colour'),
    swatches,
  )
  popover(stack, panel)
  drawSwatches()
  draw()
  awareness.on('change', draw)
  return { element: h('div', { class: 'menu-anchor people' }, stack, panel), destroy: () => awareness.off('change', draw) }
}
