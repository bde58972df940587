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
}

describe('connectionState', () => {
  it('goes connecting, syncing, synced as the socket opens and catches up', () => {
    expect(connectionState(base)).toEqual({ kind: 'connecting' })
    expect(connectionState({ ...base, socket: 'open' })).toEqual({ kind: 'syncing' })
    expect(connectionState({ ...base, socket: 'open', synced: true })).toEqual({ kind: 'synced' })
  })

  it('says offline, and why, rather than connecting forever', () => {
    expect(connectionState({ ...base, failedSinceOpen: true })).toEqual({ kind: 'offline', reason: 'unreachable' })
    expect(connectionState({ ...base, online: false, socket: 'open' })).toEqual({ kind: 'offline', reason: 'no-network' })
    expect(connectionState({ ...base, workOffline: true, online: false })).toEqual({ kind: 'offline', reason: 'chosen' })
  })

  it('puts a refusal by the relay above everything else', () => {
    const refused = { code: 4404, reason: 'bad name' }
    expect(connectionState({ ...base, workOffline: true, refused })).toEqual({ kind: 'refused', ...refused })
  })
})

describe('describeConnection', () => {
  it('promises offline edits are kept, in every offline state', () => {
    for (const reason of ['chosen', 'no-network', 'unreachable'] as const) {
      const text = describeConnection({ kind: 'offline', reason })
      expect(text.tone).toBe('offline')
      expect(text.detail).toMatch(/kept on this device and will merge when you reconnect/)
    }
    expect(describeConnection({ kind: 'synced' })).toMatchObject({ tone: 'good', label: 'Synced' })
  })
})
