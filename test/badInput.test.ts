import { afterAll, describe, expect, it } from 'vitest'
import { CloseCode, encodeMessage } from '../shared/index.ts'
import { connectClient } from './helpers/client.ts'
import { sendAndAwaitClose } from './helpers/rawSocket.ts'
import { type RelayProcess, startRelayProcess } from './helpers/relayProcess.ts'
import { waitFor } from './helpers/wait.ts'

const maxFrameBytes = 64 * 1024

let relay: RelayProcess | undefined
afterAll(() => relay?.kill())

const updateFrame = (update: Uint8Array) => encodeMessage({ type: 'syncUpdate', update })

describe('hostile input', () => {
  it('closes each hostile connection with its code while honest clients keep syncing, and stores nothing bad', async () => {
    relay = await startRelayProcess({ args: ['--max-frame-bytes', String(maxFrameBytes)] })
    const alice = connectClient(relay.url, 'target', 'alice')
    const bob = connectClient(relay.url, 'target', 'bob')
    await Promise.all([alice.synced(), bob.synced()])
    let typed = 0
    const typing = setInterval(() => {
      ;(typed % 2 ? alice : bob).type(`${typed++ % 10}`)
    }, 5)

    const target = `${relay.url}/target`
    const hostile: Array<[string, Promise<{ code: number; reason: string }>, number]> = [
      ['oversized frame', sendAndAwaitClose(target, new Uint8Array(maxFrameBytes + 1)), CloseCode.MessageTooBig],
      ['empty frame', sendAndAwaitClose(target, new Uint8Array()), CloseCode.MalformedMessage],
      ['truncated frame', sendAndAwaitClose(target, updateFrame(Uint8Array.of(1, 2, 3, 4)).subarray(0, 3)), CloseCode.MalformedMessage],
      ['unknown message type', sendAndAwaitClose(target, Uint8Array.of(99, 1, 2)), CloseCode.UnknownMessageType],
      ['text frame', sendAndAwaitClose(target, 'hello?'), CloseCode.UnsupportedData],
      ['garbage update', sendAndAwaitClose(target, updateFrame(Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1))), CloseCode.InvalidUpdate],
      ['bogus room name', sendAndAwaitClose(`${relay.url}/bad%00name`, updateFrame(new Uint8Array())), CloseCode.InvalidDocumentName],
    ]
    for (const [what, closed, code] of hostile) {
      const { code: got, reason } = await closed
      expect({ what, code: got }).toEqual({ what, code })
      // 1009 comes from the WebSocket layer, which sends the code alone.
      if (code !== CloseCode.MessageTooBig) expect(reason, what).not.toBe('')
    }

    await new Promise((resolve) => setTimeout(resolve, 200))
    clearInterval(typing)
    await waitFor(() => alice.text.length === typed && bob.text.length === typed, 'honest clients to converge')
    expect(alice.text.toString()).toBe(bob.text.toString())
    const health = await fetch(`${relay.httpUrl}/healthz`)
    expect(health.status).toBe(200)
    const honestText = alice.text.toString()
    alice.destroy()
    bob.destroy()

    expect(await relay.stop()).toBe(0)
    expect(relay.output().match(/protocol error|connection error/g)?.length).toBeGreaterThanOrEqual(hostile.length)
    await relay.restart()
    const fresh = connectClient(relay.url, 'target', 'fresh')
    await fresh.synced()
    expect(fresh.text.toString()).toBe(honestText)
    fresh.destroy()
  })
})
