import { WebSocket } from 'ws'

/** How the relay closed a connection. */
export interface CloseInfo {
  code: number
  reason: string
}

/**
 * Opens a bare WebSocket to `url`, sends `frames` once it is open (a string goes as a text frame),
 * and resolves with the close code and reason the relay answered with.
 */
export function sendAndAwaitClose(url: string, ...frames: Array<Uint8Array | string>): Promise<CloseInfo> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('open', () => {
      for (const frame of frames) ws.send(frame, { binary: typeof frame !== 'string' })
    })
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    ws.on('error', () => {})
  })
}
