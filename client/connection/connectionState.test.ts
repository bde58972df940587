import { describe, expect, it } from 'vitest'
import { connectionState, type ConnectionFacts } from './connectionState.ts'
import { describeConnection } from './describeConnection.ts'

const base: ConnectionFacts = {
  workOffline: false,
  online: true,
  socket: 'connecting',
  synced: false,
  failedSinceOpen: false,
  refused: null,
  unsaved: 0,
}

describe('connectionState', () => {
  it('goes connecting, syncing, saved as the socket opens and catches up', () => {
    expect(connectionState(base)).toEqual({ kind: 'connecting' })
    expect(connectionState({ ...base, socket: 'open' })).toEqual({ kind: 'syncing' })
    expect(connectionState({ ...base, socket: 'open', synced: true })).toEqual({ kind: 'saved' })
  })

  it('says saving, with the count, until the relay has stored every change made here', () => {
    expect(connectionState({ ...base, socket: 'open', synced: true, unsaved: 2 })).toEqual({ kind: 'saving', unsaved: 2 })
    expect(connectionState({ ...base, socket: 'open', unsaved: 2 })).toEqual({ kind: 'syncing' })
    expect(connectionState({ ...base, failedSinceOpen: true, unsaved: 2 })).toEqual({ kind: 'offline', reason: 'unreachable', unsaved: 2 })
  })

  it('says offline, and why, rather than connecting forever', () => {
    expect(connectionState({ ...base, failedSinceOpen: true })).toEqual({ kind: 'offline', reason: 'unreachable', unsaved: 0 })
    expect(connectionState({ ...base, online: false, socket: 'open' })).toEqual({ kind: 'offline', reason: 'no-network', unsaved: 0 })
    expect(connectionState({ ...base, workOffline: true, online: false })).toEqual({ kind: 'offline', reason: 'chosen', unsaved: 0 })
  })

  it('puts a refusal by the relay above everything else', () => {
    const refused = { code: 4404, reason: 'bad name' }
    expect(connectionState({ ...base, workOffline: true, refused })).toEqual({ kind: 'refused', ...refused })
  })
})

describe('describeConnection', () => {
  it('promises offline edits are kept, in every offline state', () => {
    for (const reason of ['chosen', 'no-network', 'unreachable'] as const) {
      const text = describeConnection({ kind: 'offline', reason, unsaved: 0 })
      expect(text.tone).toBe('offline')
      expect(text.detail).toMatch(/kept on this device and will merge when you reconnect/)
    }
  })

  it('counts the changes kept offline, in the singular and the plural', () => {
    const one = describeConnection({ kind: 'offline', reason: 'no-network', unsaved: 1 })
    expect(one).toMatchObject({ tone: 'offline', label: 'Offline · 1 change', narrowLabel: 'Offline · 1' })
    expect(one.detail).toMatch(/^Offline: 1 change kept on this device and will merge when you reconnect\. This device has no network\.$/)
    const three = describeConnection({ kind: 'offline', reason: 'chosen', unsaved: 3 })
    expect(three).toMatchObject({ tone: 'offline', label: 'Working offline · 3 changes' })
    expect(three.detail).toMatch(/^Offline: 3 changes kept on this device and will merge when you reconnect\. You chose to work offline/)
  })

  it('says all changes saved only when nothing is waiting for the relay', () => {
    expect(describeConnection({ kind: 'saved' })).toMatchObject({ tone: 'good', label: 'All changes saved', narrowLabel: 'Saved' })
    expect(describeConnection({ kind: 'saving', unsaved: 1 })).toMatchObject({ tone: 'busy', label: 'Saving…', detail: expect.stringMatching(/stored 1 change\.$/) })
  })
})
