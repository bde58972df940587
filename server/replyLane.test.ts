import { describe, expect, it } from 'vitest'
import { ManualClock } from '../test/helpers/fakes.ts'
import { ReplyLane } from './replyLane.ts'

/** A lane whose writes are recorded by name and finished by the test. */
function laneWithWrites(lanes = 2, laneMs = 100) {
  const clock = new ManualClock()
  const lane = new ReplyLane(clock, { lanes, laneMs })
  const started: string[] = []
  const done = new Map<string, () => void>()
  const send = (name: string) =>
    lane.send((finish) => {
      started.push(name)
      done.set(name, finish)
    })
  return { clock, lane, started, send, finish: (name: string) => done.get(name)!() }
}

describe('ReplyLane', () => {
  it('writes as many replies at once as it has lanes, the others in order as lanes free up', () => {
    const { clock, lane, started, send, finish } = laneWithWrites(2)
    for (const name of ['ann', 'ben', 'cat', 'dan']) send(name)
    expect(started).toEqual(['ann', 'ben'])
    expect(lane.waiting).toBe(2)

    // A freed lane takes the next reply at the end of the turn, not in the middle of it.
    finish('ben')
    expect(started).toEqual(['ann', 'ben'])
    clock.runTurn()
    expect(started).toEqual(['ann', 'ben', 'cat'])
    finish('ben')
    clock.runTurn()
    expect(started).toEqual(['ann', 'ben', 'cat'])
    finish('ann')
    clock.runTurn()
    expect(started).toEqual(['ann', 'ben', 'cat', 'dan'])
    expect(lane.waiting).toBe(0)
  })

  it('gives the lane of a reply still being written after laneMs to the next one', () => {
    const { clock, started, send, finish } = laneWithWrites(1, 100)
    send('slow')
    send('next')
    clock.advance(99)
    expect(started).toEqual(['slow'])
    clock.advance(1)
    expect(started).toEqual(['slow', 'next'])

    finish('slow')
    send('third')
    clock.runTurn()
    expect(started).toEqual(['slow', 'next'])
    finish('next')
    clock.runTurn()
    expect(started).toEqual(['slow', 'next', 'third'])
  })

  it('writes a waiting reply at once when hurried, and does not write it again when its turn comes', () => {
    const { clock, lane, started, send, finish } = laneWithWrites(1)
    send('first')
    send('second')
    const hurryThird = send('third')
    hurryThird()
    expect(started).toEqual(['first', 'third'])
    expect(lane.waiting).toBe(1)

    finish('first')
    clock.runTurn()
    expect(started).toEqual(['first', 'third', 'second'])
    hurryThird()
    expect(started).toEqual(['first', 'third', 'second'])
  })

  it('frees a lane whose write finishes before it returns', () => {
    const clock = new ManualClock()
    const lane = new ReplyLane(clock, { lanes: 1 })
    const written: number[] = []
    for (let i = 0; i < 3; i++) {
      lane.send((done) => {
        written.push(i)
        done()
      })
    }
    expect(written).toEqual([0, 1, 2])
    expect(lane.waiting).toBe(0)
  })

  it('goes on through thousands of writes that finish at once behind one still being written', () => {
    const { clock, lane, started, send, finish } = laneWithWrites(1)
    send('slow')
    let written = 0
    for (let i = 0; i < 20_000; i++) {
      lane.send((done) => {
        written++
        done()
      })
    }
    send('last')
    expect(lane.waiting).toBe(20_001)

    finish('slow')
    clock.runTurn()
    expect(written).toBe(20_000)
    expect(started).toEqual(['slow', 'last'])
    expect(lane.waiting).toBe(0)
  })

  it('starts the replies behind a write that throws, then throws its error', () => {
    const { clock, lane, started, send, finish } = laneWithWrites(1)
    send('first')
    lane.send((done) => {
      done()
      throw new Error('the peer broke')
    })
    send('third')

    finish('first')
    expect(() => clock.runTurn()).toThrow('the peer broke')
    expect(started).toEqual(['first', 'third'])
    expect(lane.waiting).toBe(0)
  })

  it('refuses a lane count under one', () => {
    expect(() => new ReplyLane(new ManualClock(), { lanes: 0 })).toThrow(RangeError)
  })
})
