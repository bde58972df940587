import { CloseCode } from '../closeCodes.ts'

/**
 * A client broke the protocol. Carries the close code its connection gets; the message becomes the
 * close reason, so it names what was wrong.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }

  /** Wraps anything a decoder threw as a {@link CloseCode.MalformedMessage}. */
  static from(error: unknown, code: CloseCode = CloseCode.MalformedMessage): ProtocolError {
    if (error instanceof ProtocolError) return error
    return new ProtocolError(code, error instanceof Error ? error.message : String(error))
  }
}
