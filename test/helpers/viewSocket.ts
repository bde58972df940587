import { WebSocket } from 'ws'
import { decodeMessage } from '../../shared/index.ts'

/** What a raw connection saw: its close, and the permission-denied reasons the relay sent it. */
export interface RawSession {
  code: number
  denied: string[]
  /** Frames received, in order. */
  frames: Uint8Array[]
  /** Whether the relay admitted the connection, so the frames were sent. */
  sent: boolean
}

/**
 * Opens a raw WebSocket to `url`, waits for the relay's first frame (its sync step 1: the peer was
 * admitted), sends `frames`, then closes from this side. The relay handles every frame sent before
 * that close, in order, so when this resolves it has seen them all. Resolves with the close code
 * (1000 when the relay took everything, the relay's own code when it closed first) and every
 * y-protocols auth "permission denied" reason received.
 */
export function rawSession(url: string, frames: Uint8Array[]): Promise<RawSession> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    const session: RawSession = { code: 0, denied: [], frames: [], sent: false }
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer) => {
      const frame = new Uint8Array(data)
      session.frames.push(frame)
      const message = decodeMessage(frame)
      if (message.type === 'permissionDenied') session.denied.push(message.reason)
      if (session.sent || ws.readyState !== WebSocket.OPEN) return
      session.sent = true
      for (const f of frames) ws.send(f)
      ws.close(1000)
    })
    ws.on('close', (code) => {
      session.code = code
      resolve(session)
    })
    ws.on('error', () => {})
  })
}
