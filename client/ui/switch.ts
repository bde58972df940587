import { h } from './h.ts'
import './switch.css'

/** How a {@link createSwitch} looks and what it says. */
export interface SwitchOptions {
  /** The words beside the switch. */
  readonly label: string
  readonly checked?: boolean
  /** The track's colour while on: `good` (green) or `offline` (brown). */
  readonly tone: 'good' | 'offline'
  /** `large` for a control that matters on its own (a replica's link); the default fits a status bar. */
  readonly size?: 'small' | 'large'
  /** The accessible name, when the label alone would be ambiguous (`Alice online`). */
  readonly ariaLabel?: string
  /** A tooltip for the whole switch. */
  readonly title?: string
  /** The `data-testid` of the checkbox. */
  readonly testId?: string
  /** Called with the new state when the person flips it (not when `input.checked` is set). */
  readonly onChange?: (on: boolean) => void
}

/** An on/off switch: `element` to place, `input` to read or set its state. */
export interface Switch {
  readonly element: HTMLLabelElement
  readonly input: HTMLInputElement
}

/**
 * The app's one on/off switch: a real checkbox with `role="switch"` (so keyboards and screen
 * readers treat it as one), drawn as a sliding knob, inside a label that makes the words clickable.
 */
export function createSwitch(options: SwitchOptions): Switch {
  const input = h('input', {
    type: 'checkbox',
    role: 'switch',
    class: 'switch-input',
    checked: options.checked ?? false,
    'aria-label': options.ariaLabel,
    'data-testid': options.testId,
  })
  const onChange = options.onChange
  if (onChange) input.addEventListener('change', () => onChange(input.checked))
  const element = h(
    'label',
    { class: options.size === 'large' ? 'switch switch-large' : 'switch', 'data-tone': options.tone, title: options.title },
    input,
    h('span', { class: 'switch-track' }),
    h('span', { class: 'switch-label' }, options.label),
  )
  return { element, input }
}
