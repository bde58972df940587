/**
 * Durable acknowledgement latency on loopback: the time from a keystroke (one local Yjs update)
 * to the save tracker counting zero unsaved changes again, for keystrokes typed one after another,
 * each waiting for the previous one's acknowledgement. The relay runs as its own process, as in
 * production; the client is the stock `WebsocketProvider` with the editor's counting socket.
 *
 *     npx tsx bench/ackLatency.ts [keystrokes=400] [relay args…]
 */
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { countingSocket } from '../client/saving/countingSocket.ts'
import { followSaves } from '../client/saving/followSaves.ts'
import { SaveTracker } from '../client/saving/saveTracker.ts'
import { durableAckParam } from '../shared/protocol/messageType.ts'
import { startRelayProcess } from '../test/helpers/relayProcess.ts'
import { waitFor } from '../test/helpers/wait.ts'
import { quantile } from './stats/summary.ts'

const keystrokes = Number(process.argv[2] ?? 400)
const relay = await startRelayProcess({ args: process.argv.slice(3) })
const doc = new Y.Doc()
/** Called with the time the count last returned to zero. */
let onSaved = (_at: number) => {}
const saves = new SaveTracker(0, (unsaved) => unsaved === 0 && onSaved(performance.now()))
const provider = new WebsocketProvider(relay.url, 'ack-latency', doc, {
  params: { [durableAckParam]: '1' },
  WebSocketPolyfill: countingSocket(WebSocket, saves) as unknown as typeof globalThis.WebSocket,
  disableBc: true,
})
provider.awareness.setLocalStateField('user', { name: 'bench' })
followSaves(doc, provider, saves, [provider])
const text = doc.getText('codemirror')

try {
  await waitFor(() => provider.synced, 'the provider to sync')
  const latencies: number[] = []
  for (let i = 0; i < keystrokes; i++) {
    const saved = nextSave()
    const typedAt = performance.now()
    text.insert(text.length, 'abcdefghijklmnopqrstuvwxyz '[i % 27])
    latencies.push((await saved) - typedAt)
  }
  const sorted = latencies.sort((a, b) => a - b)
  const ms = (q: number) => `${quantile(sorted, q).toFixed(2)} ms`
  console.log(`${keystrokes} keystrokes, keystroke to acknowledged: p50 ${ms(0.5)}, p90 ${ms(0.9)}, p99 ${ms(0.99)}, max ${ms(1)}`)
} finally {
  provider.destroy()
  doc.destroy() // stops the awareness timer, so the process ends by itself
  await relay.stop()
}

/** The time of the tracker's next return to zero unsaved changes. */
function nextSave(): Promise<number> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`no acknowledgement within 10 s; ${saves.unsaved} unsaved`)), 10_000)
    onSaved = (at) => {
      clearTimeout(timeout)
      resolve(at)
    }
  })
}
