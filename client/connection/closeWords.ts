import { CloseCode } from '../../shared/closeCodes.ts'

/** How a final close reads in the status pill and banner. */
export interface RefusalWords {
  label: string
  narrowLabel: string
  /** Why, and what the person can do about it. */
  detail: string
}

const kept = 'Your unsaved changes stay on this device.'
const keepACopy = 'Copy your text or download it (Share → Download) to keep a copy.'

/**
 * The words for a close the relay marked final: why this tab stopped syncing, and what the person
 * can do. `reason` is the relay's own reason text, quoted where it adds something.
 */
export function refusalWords(code: number, reason: string): RefusalWords {
  switch (code) {
    case CloseCode.DocumentTooLarge:
      return {
        label: 'Too large to save',
        narrowLabel: 'Too large',
        detail: `This document has reached the server's size limit, so your latest changes were not saved there. ${keepACopy} ${kept}`,
      }
    case CloseCode.MessageTooBig:
      return {
        label: 'Change too large',
        narrowLabel: 'Too large',
        detail: `A change made here is larger than the server accepts in one piece (a very large paste?), so it was not saved there. ${keepACopy} ${kept}`,
      }
    case CloseCode.Unauthorized:
      return { label: 'Sign in to sync', narrowLabel: 'Sign in', detail: `The server needs you to sign in before it syncs this document. Sign in, then reload. ${kept}` }
    case CloseCode.Forbidden:
      return { label: 'No access', narrowLabel: 'No access', detail: `You don't have access to this document on the server. Ask its owner to share it with you. ${kept}` }
    case CloseCode.InvalidDocumentName:
      return { label: 'Not syncing', narrowLabel: 'Not syncing', detail: `The server can't use this document name${because(reason)}. Open the document under another name. ${kept}` }
    case CloseCode.MalformedMessage:
    case CloseCode.InvalidUpdate:
    case CloseCode.UnknownMessageType:
    case CloseCode.UnsupportedData:
      return {
        label: 'Not syncing',
        narrowLabel: 'Not syncing',
        detail: `The server could not read something this tab sent${because(reason)}. Reload the page to try again; if it keeps happening, ${keepACopy.toLowerCase()} ${kept}`,
      }
    default:
      return { label: 'Not syncing', narrowLabel: 'Not syncing', detail: `The server stopped syncing this document${because(reason || `code ${code}`)}. Reload the page to try again. ${kept}` }
  }
}

/** Why the relay asked this tab to reconnect, as a clause: "the server is restarting". */
export function reconnectWhy(code: number): string {
  switch (code) {
    case CloseCode.GoingAway:
      return 'the server is restarting'
    case CloseCode.SlowPeer:
      return 'this tab fell behind'
    case CloseCode.RateLimited:
      return 'this tab sent too much at once'
    case CloseCode.StorageFailure:
      return 'the server could not save for a moment'
    default:
      return 'the server closed the connection'
  }
}

function because(reason: string): string {
  return reason ? ` (${reason})` : ''
}
