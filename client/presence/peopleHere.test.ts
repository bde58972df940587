import { expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { initials, peopleHere } from './peopleView.ts'

it('lists yourself first, then others by name, skipping states without a name', () => {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalStateField('user', { name: 'Zoe', color: '#0090ff' })
  awareness.states.set(101, { user: { name: 'Ben', color: 'red; background: url(x)' } })
  awareness.states.set(102, { user: { name: 'Ada', color: '#e5484d' } })
  awareness.states.set(103, { cursor: null })
  expect(peopleHere(awareness).map((p) => [p.name, p.color, p.isSelf])).toEqual([
    ['Zoe', '#0090ff', true],
    ['Ada', '#e5484d', false],
    ['Ben', '#8b8d98', false],
  ])
  awareness.destroy()
})

it('makes initials from the first two words', () => {
  expect(initials('Ada Lovelace')).toBe('AL')
  expect(initials('  ben  ')).toBe('BE')
  expect(initials('Jean Luc Picard')).toBe('JL')
  expect(initials('')).toBe('?')
})
