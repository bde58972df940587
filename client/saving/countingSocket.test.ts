import { describe, expect, it } from 'vitest'
import { countingSocket, syncFrameKind, type FrameCounter } from './countingSocket.ts'

/** A socket that opens when told to and records what it sends. */
class FakeSocket {
  readyState = 0
  private listeners = new Map<string, (() => void)[]>()
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  send(_data: Uint8Array) {
    if (this.readyState === 0) throw new Error('still connecting')
  }
  close() {
    this.readyState = 2
  }
  fire(type: 'open' | 'close') {
    this.readyState = type === 'open' ? 1 : 3
    for (const listener of this.listeners.get(type) ?? []) listener()
  }
}

function recorder() {
  const events: string[] = []
  const counter: FrameCounter = {
    opened: () => events.push('opened'),
    closed: () => events.push('closed'),
    frameSent: (kind) => events.push(kind),
  }
  return { events, Socket: countingSocket(FakeSocket, counter) }
}

describe('countingSocket', () => {
  it('reports the open, each sync step 2 and update frame, and the end once', () => {
    const { events, Socket } = recorder()
    const socket = new Socket()
    socket.fire('open')
    socket.send(new Uint8Array([0, 0, 5]))
    socket.send(new Uint8Array([0, 1, 2, 0, 0]))
    socket.send(new Uint8Array([1, 3, 1, 2, 3]))
    socket.send(new Uint8Array([0, 2, 2, 0, 0]))
    socket.close()
    socket.send(new Uint8Array([0, 2, 2, 0, 0]))
    socket.fire('close')
    expect(events).toEqual(['opened', 'step2', 'update', 'closed'])
  })

  it('does not count a frame the socket refused', () => {
    const { events, Socket } = recorder()
    expect(() => new Socket().send(new Uint8Array([0, 2, 0]))).toThrow(/connecting/)
    expect(events).toEqual([])
  })

  it('reads frames given as a view into a larger buffer, or as an ArrayBuffer', () => {
    const bytes = new Uint8Array([9, 0, 1, 7])
    expect(syncFrameKind(bytes.subarray(1))).toBe('step2')
    expect(syncFrameKind(new Uint8Array([0, 2]).buffer)).toBe('update')
    expect(syncFrameKind(new Uint8Array([0]))).toBe(null)
    expect(syncFrameKind('text')).toBe(null)
  })
})
