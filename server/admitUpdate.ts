import * as Y from 'yjs'
import { CloseCode, ProtocolError } from '../shared/index.ts'
import type { StoredSize } from './storedSize.ts'

/**
 * Checks an update a peer sent before anything of it is applied: that it keeps the document
 * within its size limit, and that it decodes in full as a Yjs update. Returns the decoded update;
 * throws a {@link ProtocolError} (`DocumentTooLarge` or `InvalidUpdate`) naming what was wrong.
 */
export function admitUpdate(update: Uint8Array, stored: StoredSize): ReturnType<typeof Y.decodeUpdate> {
  if (stored.wouldExceed(update.length)) {
    throw new ProtocolError(CloseCode.DocumentTooLarge, `this update would take the document past its limit of ${stored.limit} bytes; it was not saved`)
  }
  try {
    return Y.decodeUpdate(update)
  } catch (error) {
    throw ProtocolError.from(error, CloseCode.InvalidUpdate)
  }
}
