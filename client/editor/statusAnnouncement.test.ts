import { expect, it } from 'vitest'
import type { ConnectionState } from '../connection/connectionState.ts'
import { statusAnnouncement } from './statusAnnouncement.ts'

/** The announcements a run of states produces, skipping repeats of the same news. */
function spoken(states: ConnectionState[]): string[] {
  let last: string | null = null
  const said: string[] = []
  for (const state of states) {
    const news = statusAnnouncement(state)
    if (news && news.key !== last) said.push(news.text)
    if (news) last = news.key
  }
  return said
}

it('announces saved once while typing flips between saving and saved', () => {
  const states: ConnectionState[] = [{ kind: 'connecting' }, { kind: 'syncing' }, { kind: 'saved' }, { kind: 'saving', unsaved: 1 }, { kind: 'saved' }, { kind: 'saving', unsaved: 2 }, { kind: 'saved' }]
  expect(spoken(states)).toEqual(['All changes saved'])
})

it('announces going offline once, however many changes wait, and being saved again', () => {
  const said = spoken([
    { kind: 'saved' },
    { kind: 'offline', reason: 'no-network', unsaved: 0 },
    { kind: 'offline', reason: 'no-network', unsaved: 1 },
    { kind: 'offline', reason: 'no-network', unsaved: 2 },
    { kind: 'connecting' },
    { kind: 'saving', unsaved: 2 },
    { kind: 'saved' },
  ])
  expect(said).toHaveLength(3)
  expect(said[1]).toMatch(/^Offline\. This device has no network/)
  expect(said[2]).toBe('All changes saved')
})

it('tells a chosen offline from a lost connection, and a refusal', () => {
  expect(statusAnnouncement({ kind: 'offline', reason: 'chosen', unsaved: 0 })?.text).toMatch(/^Working offline\./)
  expect(statusAnnouncement({ kind: 'refused', code: 4403, reason: 'no access' })?.text).toMatch(/^Not syncing\..*no access/)
  expect(statusAnnouncement({ kind: 'syncing' })).toBeNull()
})
