import { h } from '../ui/h.ts'

/** The five ideas the demo shows, in plain words: a title and one or two sentences each. */
export const principles: readonly { title: string; text: string }[] = [
  {
    title: 'Every replica is a leader',
    text: 'Alice, Bob and Carol each hold the whole document and accept edits on their own, like the calendar on your phone and on your laptop.',
  },
  {
    title: 'Edits are accepted locally',
    text: 'Typing never waits for the network, so working offline feels exactly like working online.',
  },
  {
    title: 'Replication is asynchronous',
    text: 'Edits travel to the others through the relay whenever there is a connection: in milliseconds, or hours later.',
  },
  {
    title: 'Merge on reconnect',
    text: 'A replica that comes back sends what the others miss and takes what it missed. Every character has an id, so nothing is overwritten.',
  },
  {
    title: 'No central lock',
    text: 'Nobody asks permission to write. The relay forwards and stores updates but never decides who wins.',
  },
]

/** The numbered list of {@link principles}. */
export function principleList(): HTMLElement {
  return h(
    'ol',
    { class: 'principles' },
    ...principles.map(({ title, text }) => h('li', {}, h('strong', {}, title), h('span', {}, text))),
  )
}
