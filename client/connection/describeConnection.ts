import { reconnectWhy, refusalWords } from './closeWords.ts'
import type { ConnectionState, OfflineReason } from './connectionState.ts'

/**
 * How a state looks: a tone for the pill's colour, a short label, a shorter one for narrow
 * screens (empty for the everyday saved and saving: there the dot says it, steady or pulsing, and
 * the document's name gets the room), and a sentence of detail.
 */
export interface ConnectionDescription {
  tone: 'good' | 'busy' | 'offline' | 'error'
  label: string
  narrowLabel: string
  detail: string
}

const keptLocally = 'Your edits are kept on this device and will merge when you reconnect.'

/** The words and tone for `state`. Every state has a case; the compiler checks none is missing. */
export function describeConnection(state: ConnectionState): ConnectionDescription {
  switch (state.kind) {
    case 'saved':
      return { tone: 'good', label: 'All changes saved', narrowLabel: '', detail: 'Connected. Every change made here is stored on the server, and everyone here sees your edits as you type.' }
    case 'saving':
      return { tone: 'busy', label: 'Saving…', narrowLabel: '', detail: `Connected; the server has not yet confirmed it stored ${changes(state.unsaved)}.` }
    case 'syncing':
      return { tone: 'busy', label: 'Syncing…', narrowLabel: 'Syncing…', detail: 'Connected; catching up with the latest changes.' }
    case 'connecting':
      return { tone: 'busy', label: 'Connecting…', narrowLabel: 'Connecting…', detail: `Reaching the server. ${keptLocally}` }
    case 'reconnecting': {
      const waiting = state.unsaved === 0 ? keptLocally : `${capitalized(changes(state.unsaved))} kept on this device and will merge when you reconnect.`
      return { tone: 'busy', label: 'Reconnecting…', narrowLabel: 'Reconnecting…', detail: `Reconnecting: ${reconnectWhy(state.code)}. ${waiting}` }
    }
    case 'offline':
      return describeOffline(state.reason, state.unsaved)
    case 'refused':
      return { tone: 'error', ...refusalWords(state.code, state.reason) }
    default:
      return unreachable(state)
  }
}

/** Offline, and why; with a count of the changes waiting here when there are any. */
function describeOffline(reason: OfflineReason, unsaved: number): ConnectionDescription {
  const { label, why } = offlineReason(reason)
  if (unsaved === 0) return { tone: 'offline', label, narrowLabel: 'Offline', detail: `${why} ${keptLocally}` }
  return {
    tone: 'offline',
    label: `${label} · ${changes(unsaved)}`,
    // The banner under the bar spells the count out.
    narrowLabel: `Offline · ${unsaved}`,
    detail: `Offline: ${changes(unsaved)} kept on this device and will merge when you reconnect. ${why}`,
  }
}

function offlineReason(reason: OfflineReason): { label: string; why: string } {
  switch (reason) {
    case 'chosen':
      return { label: 'Working offline', why: 'You chose to work offline in this tab.' }
    case 'no-network':
      return { label: 'Offline', why: 'This device has no network.' }
    case 'unreachable':
      return { label: 'Offline', why: "Can't reach the server; retrying." }
    default:
      return unreachable(reason)
  }
}

/** "1 change", "3 changes". */
function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function unreachable(value: never): never {
  throw new Error(`Unhandled connection state ${JSON.stringify(value)}`)
}
