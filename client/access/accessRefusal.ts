import { CloseCode } from '../../shared/closeCodes.ts'

/** What the page says when the relay refuses this tab's access, and what the person can do. */
export interface AccessRefusal {
  title: string
  detail: string
}

/** The words for an access close code, or null for a close that is not about access. */
export function accessRefusal(code: number): AccessRefusal | null {
  switch (code) {
    case CloseCode.Unauthorized:
      return { title: 'You need a link to open this document', detail: 'The server does not know the link this device has. Ask the document’s owner for a new one.' }
    case CloseCode.Forbidden:
      return { title: 'This link is for another document', detail: 'Ask the document’s owner for a link to this one.' }
    case CloseCode.LinkRevoked:
      return { title: 'The owner revoked this link', detail: 'This tab can no longer save changes or see new ones. Ask the owner for a new link.' }
    case CloseCode.TokenExpired:
      return { title: 'This link has expired', detail: 'This tab can no longer save changes or see new ones. Ask the owner for a new link.' }
    case CloseCode.DocumentDeleted:
      return { title: 'This document was deleted', detail: 'Its owner deleted it from the server; what you see is the copy on this device.' }
    default:
      return null
  }
}
