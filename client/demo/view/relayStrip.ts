import { h } from '../../ui/h.ts'
import './relayStrip.css'

/** The relay, drawn above the replicas, with the room they share. */
export interface RelayStrip {
  readonly element: HTMLElement
  setRoom(name: string): void
}

/** Builds the relay strip. */
export function createRelayStrip(): RelayStrip {
  const room = h('code', { 'data-testid': 'room' })
  const element = h(
    'div',
    { class: 'relay' },
    h('strong', {}, 'Relay server'),
    h('span', { class: 'relay-what' }, 'forwards and stores updates, decides nothing'),
    h('span', { class: 'relay-room' }, 'room ', room),
  )
  return {
    element,
    setRoom: (name) => void (room.textContent = name),
  }
}
