import { describe, expect, it } from 'vitest'
import { ManualClock } from '../test/helpers/fakes.ts'
import { FlowControl, type FlowLimits } from './flowControl.ts'

const limits: FlowLimits = {
  messagesPerSecond: 1000,
  messageBurst: 100,
  bytesPerSecond: 100_000,
  byteBurst: 10_000,
  capMessagesPerSecond: 10_000,
  capBytesPerSecond: 1_000_000,
}

/**
 * A connection under flow control: what was delivered, and the socket's paused state over time.
 * Handling each frame takes `costMs` of the clock's time.
 */
function connection(overrides: Partial<FlowLimits> = {}, costMs = 0) {
  const clock = new ManualClock()
  const delivered: string[] = []
  const socket = { paused: false, pauses: 0, pause: () => ((socket.paused = true), socket.pauses++), resume: () => (socket.paused = false) }
  const flow = new FlowControl<string>({ ...limits, ...overrides }, clock, socket, (frame) => {
    delivered.push(frame)
    clock.time += costMs
  })
  /** Frames `from`..`to`-1 as they would arrive in one socket read. */
  const read = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => flow.receive(`f${from + i}`))
  /** Ends the current event-loop turn, then lets `ms` pass (running the timers that fall due). */
  const later = async (ms: number) => {
    await clock.endTurn()
    clock.advance(ms)
  }
  return { clock, delivered, socket, flow, read, later }
}

describe('FlowControl', () => {
  it('delivers everything at once while the connection stays within its budget', () => {
    const { delivered, socket, read } = connection()
    expect(read(0, 50).every(Boolean)).toBe(true)
    expect(delivered).toHaveLength(50)
    expect(socket.pauses).toBe(0)
  })

  it('pauses the socket when the burst is spent, keeps what was already read, and resumes once refilled', async () => {
    const { delivered, socket, flow, read, later } = connection()
    read(0, 300)
    expect(delivered).toEqual(Array.from({ length: 100 }, (_, i) => `f${i}`))
    expect(socket.paused).toBe(true)
    expect(flow.waiting).toBe(200)

    // A quarter of the burst refills in 25 ms; then 25 more frames go, and the socket stays paused.
    await later(24)
    expect(delivered).toHaveLength(100)
    await later(1)
    expect(delivered).toHaveLength(125)
    expect(socket.paused).toBe(true)

    for (let ms = 0; ms < 200; ms += 25) await later(25)
    expect(delivered).toHaveLength(300)
    expect(delivered.at(-1)).toBe('f299')
    expect(flow.waiting).toBe(0)
    expect(socket.paused).toBe(false)
    expect(socket.pauses).toBe(1)
  })

  it('never delivers faster than the sustained rate over time', async () => {
    const { delivered, socket, read, later } = connection()
    let sent = 0
    for (let ms = 0; ms < 2000; ms += 5) {
      // The client sends 20 frames every 5 ms (4,000/s) whenever the socket is being read.
      if (!socket.paused) (read(sent, sent + 20), (sent += 20))
      await later(5)
    }
    // 100 at once, then 1,000/s for 2 s, give or take one refill.
    expect(delivered.length).toBeGreaterThan(2000)
    expect(delivered.length).toBeLessThanOrEqual(2100 + 25)
    expect(delivered).toEqual(Array.from({ length: delivered.length }, (_, i) => `f${i}`))
  })

  it('handles a frame larger than the byte burst whole, then waits for the debt to be repaid', async () => {
    const { delivered, socket, flow, later } = connection()
    flow.receive('x'.repeat(50_000))
    expect(delivered).toHaveLength(1)
    expect(socket.paused).toBe(true)
    flow.receive('next')
    // 40,000 bytes of debt plus a quarter burst, at 100,000 B/s: 425 ms.
    await later(424)
    expect(delivered).toHaveLength(1)
    await later(1)
    expect(delivered).toEqual(['x'.repeat(50_000), 'next'])
    expect(socket.paused).toBe(false)
  })

  it('handles at most one burst per turn, and the rest after the next turn, however fast the budget refills', async () => {
    // Each frame takes 0.1 ms, in which the bucket refills by 100: it never runs dry.
    const { clock, delivered, socket, read } = connection({ messagesPerSecond: 1_000_000, capMessagesPerSecond: 1_000_000 }, 0.1)
    read(0, 250)
    expect(delivered).toHaveLength(100)
    expect(socket.paused).toBe(true)
    // No more time needs to pass: the next slice goes once this turn (and everyone else's frames) is done.
    await clock.endTurn()
    expect(delivered).toHaveLength(200)
    await clock.endTurn()
    expect(delivered).toHaveLength(250)
    expect(socket.paused).toBe(false)
  })

  it('refuses what arrives past the hard cap', () => {
    const { read } = connection({ capMessagesPerSecond: 1000 })
    const accepted = read(0, 1001)
    expect(accepted.slice(0, 1000).every(Boolean)).toBe(true)
    expect(accepted[1000]).toBe(false)
  })

  it('delivers what waits when the connection closes, and nothing after', async () => {
    const { delivered, flow, read, later } = connection()
    read(0, 150)
    flow.flush()
    expect(delivered).toHaveLength(150)
    flow.receive('late')
    await later(1000)
    expect(delivered).toHaveLength(150)
  })

  it('rejects a hard cap below the budget', () => {
    expect(() => connection({ capMessagesPerSecond: 999 })).toThrow(/must not be below the budget/)
  })
})
