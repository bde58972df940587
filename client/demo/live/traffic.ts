/** What one replica's connection has moved so far, in WebSocket frames and their bytes. */
export interface Traffic {
  sentFrames: number
  sentBytes: number
  receivedFrames: number
  receivedBytes: number
}

/** A traffic count at zero. */
export function noTraffic(): Traffic {
  return { sentFrames: 0, sentBytes: 0, receivedFrames: 0, receivedBytes: 0 }
}

/**
 * A `WebSocket` class that adds every frame it sends and receives to `traffic`, then calls
 * `onFrame`. Given to the provider as its `WebSocketPolyfill`, it counts the real frames on the
 * wire rather than estimating them from document updates.
 */
export function countingWebSocket(traffic: Traffic, onFrame: () => void): typeof WebSocket {
  return class CountingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('message', (event: MessageEvent) => {
        traffic.receivedFrames++
        traffic.receivedBytes += byteLength(event.data)
        onFrame()
      })
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      super.send(data)
      traffic.sentFrames++
      traffic.sentBytes += byteLength(data)
      onFrame()
    }
  }
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return new TextEncoder().encode(data).length
  if (data instanceof Blob) return data.size
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength
  return 0
}

/** `bytes` for people: `812 B`, `3.4 kB`. */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0)} kB`
}
