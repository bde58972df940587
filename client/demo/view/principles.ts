import { h } from '../../ui/h.ts'
import './principles.css'

/** The five ideas the demo shows, in plain words: a title and one or two sentences each. */
export const principles: readonly { title: string; text: string }[] = [
  {
    title: 'Every replica is a leader',
    text: 'Each holds the whole text and accepts edits on its own, like the calendar on your phone and laptop.',
  },
  {
    title: 'Edits are accepted locally',
    text: 'Typing never waits for the network, online or off.',
  },
  {
    title: 'Replication is asynchronous',
    text: 'Edits reach the others through the relay whenever a connection allows: in milliseconds or hours.',
  },
  {
    title: 'Merge on reconnect',
    text: 'A returning replica swaps only what is missing. Every character has an id, so nothing is overwritten.',
  },
  {
    title: 'No central lock',
    text: 'Nobody asks permission. The relay forwards and stores, but never picks a winner.',
  },
]

/**
 * The numbered list of {@link principles}. On phones it scrolls sideways, so it takes the keyboard
 * focus (arrow keys scroll it) and has a name to announce.
 */
export function principleList(): HTMLElement {
  return h(
    'ol',
    { class: 'principles', tabindex: '0', 'aria-label': 'Five ideas behind it' },
    ...principles.map(({ title, text }) => h('li', {}, h('strong', {}, title), h('span', {}, text))),
  )
}
