import type { ConnectionState } from '../connection/connectionState.ts'
import { describeConnection } from '../connection/describeConnection.ts'

/** What a screen reader is told about a connection state, and the key that says "same news". */
export interface StatusAnnouncement {
  key: string
  text: string
}

/**
 * The announcement for `state`, or `null` for the passing states (connecting, syncing, saving),
 * which flip with every keystroke and would drown the writer in speech. Saved, offline (per
 * reason) and refused are news once each: announce only when the key differs from the last one.
 */
export function statusAnnouncement(state: ConnectionState): StatusAnnouncement | null {
  switch (state.kind) {
    case 'saved':
      return { key: 'saved', text: 'All changes saved' }
    case 'offline': {
      const { label, detail } = describeConnection(state)
      return { key: `offline:${state.reason}`, text: `${label}. ${detail}` }
    }
    case 'refused': {
      const { label, detail } = describeConnection(state)
      return { key: 'refused', text: `${label}. ${detail}` }
    }
    default:
      return null
  }
}
