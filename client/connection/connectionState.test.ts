import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/closeCodes.ts'
import { connectionState, type ConnectionFacts } from './connectionState.ts'
import { describeConnection } from './describeConnection.ts'

const base: ConnectionFacts = {
  workOffline: false,
  online: true,
  socket: 'connecting',
  synced: false,
  failedSinceOpen: false,
  asked: null,
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

  it('says reconnecting after the relay asked this tab to come back, until a socket opens or an attempt fails', () => {
    const asked = { code: CloseCode.SlowPeer, reason: 'fell behind' }
    expect(connectionState({ ...base, asked, unsaved: 2 })).toEqual({ kind: 'reconnecting', ...asked, unsaved: 2 })
    expect(connectionState({ ...base, asked, failedSinceOpen: true })).toEqual({ kind: 'offline', reason: 'unreachable', unsaved: 0 })
    expect(connectionState({ ...base, asked, online: false })).toMatchObject({ kind: 'offline', reason: 'no-network' })
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
    expect(describeConnection({ kind: 'saved' })).toMatchObject({ tone: 'good', label: 'All changes saved', narrowLabel: '' })
    expect(describeConnection({ kind: 'saving', unsaved: 1 })).toMatchObject({ tone: 'busy', label: 'Saving…', detail: expect.stringMatching(/stored 1 change\.$/) })
  })

  it('says reconnecting, and why, for a close the relay marks transient', () => {
    const text = describeConnection({ kind: 'reconnecting', code: CloseCode.RateLimited, reason: '', unsaved: 3 })
    expect(text).toMatchObject({ tone: 'busy', label: 'Reconnecting…' })
    expect(text.detail).toBe('Reconnecting: this tab sent too much at once. 3 changes kept on this device and will merge when you reconnect.')
    expect(describeConnection({ kind: 'reconnecting', code: CloseCode.GoingAway, reason: '', unsaved: 0 }).detail).toMatch(/^Reconnecting: the server is restarting\. Your edits are kept/)
  })

  it('says why a final close happened and what the person can do', () => {
    const tooLarge = describeConnection({ kind: 'refused', code: CloseCode.DocumentTooLarge, reason: 'past its limit' })
    expect(tooLarge).toMatchObject({ tone: 'error', label: 'Too large to save' })
    expect(tooLarge.detail).toMatch(/size limit.*Copy your text or download it.*unsaved changes stay on this device/)
    expect(describeConnection({ kind: 'refused', code: CloseCode.Forbidden, reason: '' })).toMatchObject({ label: 'No access', detail: expect.stringMatching(/owner for a link/) })
    expect(describeConnection({ kind: 'refused', code: CloseCode.InvalidUpdate, reason: 'bad struct' }).detail).toMatch(/could not read something this tab sent \(bad struct\)\. Reload/)
    expect(describeConnection({ kind: 'refused', code: 4499, reason: '' }).detail).toMatch(/\(code 4499\)/)
  })
})
