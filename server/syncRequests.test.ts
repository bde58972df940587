import { describe, expect, it } from 'vitest'
import { SyncRequests } from './syncRequests.ts'

const reply = (bytes: number) => () => [new Uint8Array(bytes)]

describe('SyncRequests', () => {
  it('is claimed once per batch, until the batch is taken', () => {
    const requests = new SyncRequests<string>()
    expect(requests.claim()).toBe(false)
    requests.add('ann', Uint8Array.of(0))
    expect(requests.claim()).toBe(true)
    requests.add('ben', Uint8Array.of(0))
    expect(requests.claim()).toBe(false)
    requests.take(Infinity, () => true, reply(1))
    expect(requests.claim()).toBe(false)
    requests.add('cat', Uint8Array.of(0))
    expect(requests.claim()).toBe(true)
  })

  it('takes requests in arrival order until their replies reach the budget, at least one, skipping peers gone', () => {
    const requests = new SyncRequests<string>()
    for (const peer of ['ann', 'gone', 'ben', 'cat', 'dan']) requests.add(peer, Uint8Array.of(0))
    const present = (peer: string) => peer !== 'gone'
    expect(requests.take(150, present, reply(100)).map(([peer]) => peer)).toEqual(['ann', 'ben'])
    expect(requests.take(1, present, reply(1000)).map(([peer]) => peer)).toEqual(['cat'])
    expect(requests.size).toBe(1)
    expect(requests.take(1, present, reply(1)).map(([peer]) => peer)).toEqual(['dan'])
    expect(requests.size).toBe(0)
  })

  it('keeps a copy of the state vector, not the frame it arrived in', () => {
    const requests = new SyncRequests<string>()
    const frame = Uint8Array.of(0, 7, 7)
    requests.add('ann', frame.subarray(1))
    frame.fill(0)
    const seen: Uint8Array[] = []
    requests.take(Infinity, () => true, (stateVector) => (seen.push(stateVector), []))
    expect([...seen[0]]).toEqual([7, 7])
  })

  it('tells whether a waiting request carries a given state vector', () => {
    const requests = new SyncRequests<string>()
    requests.add('ann', new Uint8Array([1, 5, 3]))
    expect(requests.asks(new Uint8Array([0]))).toBe(false)
    requests.add('ben', new Uint8Array([0]))
    expect(requests.asks(new Uint8Array([0]))).toBe(true)
    expect(requests.asks(new Uint8Array([1, 5]))).toBe(false)
    requests.take(Infinity, () => true, () => [])
    expect(requests.asks(new Uint8Array([0]))).toBe(false)
  })
})
