import WebSocket from 'ws'

/** What a Node server started with `--inspect=127.0.0.1:0` prints first; its address is group 1. */
export const inspectorLine = /Debugger listening on (ws:\/\/\S+)/

/**
 * Runs a full garbage collection in the Node process whose inspector listens at `url` (Chrome
 * DevTools Protocol `HeapProfiler.collectGarbage`), and resolves once it is done. Lets a benchmark
 * read every server's memory as what it holds, not what its collector has not yet got round to,
 * without the server's own help.
 */
export async function collectGarbage(url: string): Promise<void> {
  const socket = new WebSocket(url)
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    await new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const reply = JSON.parse(data.toString()) as { id?: number; error?: { message: string } }
        if (reply.id !== 1) return
        if (reply.error) reject(new Error(`HeapProfiler.collectGarbage: ${reply.error.message}`))
        else resolve()
      })
      socket.once('close', () => reject(new Error('the inspector closed before the collection was done')))
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }))
    })
  } finally {
    socket.close()
  }
}
