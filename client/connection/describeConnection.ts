import type { ConnectionState } from './connectionState.ts'

/** How a state looks: a tone for the pill's colour, a short label and a sentence of detail. */
export interface ConnectionDescription {
  tone: 'good' | 'busy' | 'offline' | 'error'
  label: string
  detail: string
}

const keptLocally = 'Your edits are kept on this device and will merge when you reconnect.'

/** The words and tone for `state`. Every state has a case; the compiler checks none is missing. */
export function describeConnection(state: ConnectionState): ConnectionDescription {
  switch (state.kind) {
    case 'synced':
      return { tone: 'good', label: 'Synced', detail: 'Connected. Everyone here sees your edits as you type.' }
    case 'syncing':
      return { tone: 'busy', label: 'Syncing…', detail: 'Connected; catching up with the latest changes.' }
    case 'connecting':
      return { tone: 'busy', label: 'Connecting…', detail: `Reaching the server. ${keptLocally}` }
    case 'offline': {
      const reason = state.reason
      switch (reason) {
        case 'chosen':
          return { tone: 'offline', label: 'Working offline', detail: `You chose to work offline in this tab. ${keptLocally}` }
        case 'no-network':
          return { tone: 'offline', label: 'Offline', detail: `This device has no network. ${keptLocally}` }
        case 'unreachable':
          return { tone: 'offline', label: 'Offline', detail: `Can't reach the server; retrying. ${keptLocally}` }
        default:
          return unreachable(reason)
      }
    }
    case 'refused':
      return { tone: 'error', label: 'Not syncing', detail: `The server refused this document: ${state.reason || `code ${state.code}`}. Your edits stay on this device.` }
    default:
      return unreachable(state)
  }
}

function unreachable(value: never): never {
  throw new Error(`Unhandled connection state ${JSON.stringify(value)}`)
}
