import { describe, expect, it } from 'vitest'
import { SaveTracker } from './saveTracker.ts'

function tracker(unsavedAtStart = 0) {
  const counts: number[] = []
  const t = new SaveTracker(unsavedAtStart, (n) => counts.push(n))
  return { t, counts }
}

describe('SaveTracker', () => {
  it('a live change is saved when its update frame is acknowledged', () => {
    const { t } = tracker()
    t.opened()
    t.frameSent('step2')
    t.frameSent('update')
    t.localChange()
    expect(t.unsaved).toBe(1)
    t.acknowledged(1)
    expect(t.unsaved).toBe(1)
    t.acknowledged(2)
    expect(t.unsaved).toBe(0)
  })

  it('offline changes wait for the next sync step 2 and are saved with it', () => {
    const { t, counts } = tracker()
    t.localChange()
    t.localChange()
    expect(t.unsaved).toBe(2)
    t.opened()
    t.frameSent('step2')
    t.acknowledged(1)
    expect(t.unsaved).toBe(0)
    expect(counts).toEqual([1, 2, 2, 0])
  })

  it('changes in flight when the connection drops are resent, not forgotten', () => {
    const { t } = tracker()
    t.opened()
    t.frameSent('step2')
    t.acknowledged(1)
    t.frameSent('update')
    t.localChange()
    t.closed()
    t.acknowledged(5)
    expect(t.unsaved).toBe(1)
    t.opened()
    t.frameSent('step2')
    expect(t.unsaved).toBe(1)
    t.acknowledged(1)
    expect(t.unsaved).toBe(0)
  })

  it('remembers changes left unsaved by an earlier visit', () => {
    const { t } = tracker(3)
    expect(t.unsaved).toBe(3)
    t.opened()
    t.frameSent('step2')
    t.acknowledged(1)
    expect(t.unsaved).toBe(0)
  })
})
