import { describe, expect, it } from 'vitest'
import { editSurvives } from './edits.ts'
import { playLastWriterWins } from './lastWriterWins.ts'
import { scenarios } from './scenarios.ts'
import { editsOf, type Step } from './script.ts'

describe('playLastWriterWins', () => {
  it('sends an online edit to every online copy at once', () => {
    const [frame] = playLastWriterWins('x', [{ kind: 'edit', who: 'Bob', edits: [{ kind: 'insert', text: 'y', at: 'end' }], caption: '' }])
    expect(frame.server).toBe('xy')
    expect(Object.values(frame.replicas).map((r) => r.text)).toEqual(['xy', 'xy', 'xy'])
  })

  it('lets the replica that reconnects last with edits overwrite everyone', () => {
    const steps: Step[] = [
      { kind: 'offline', who: ['Alice', 'Bob'], caption: '' },
      { kind: 'edit', who: 'Alice', edits: [{ kind: 'insert', text: 'A', at: 'end' }], caption: '' },
      { kind: 'edit', who: 'Bob', edits: [{ kind: 'insert', text: 'B', at: 'end' }], caption: '' },
      { kind: 'online', who: ['Alice', 'Bob'], caption: '' },
    ]
    const frames = playLastWriterWins('x', steps)
    expect(frames[2].replicas.Alice).toEqual({ text: 'xA', online: false, dirty: true })
    expect(frames[2].server).toBe('x')
    const last = frames[3]
    expect(last.server).toBe('xB')
    expect(Object.values(last.replicas).map((r) => r.text)).toEqual(['xB', 'xB', 'xB'])
    expect(last.note).toBe('Alice syncs and overwrites everyone’s text with her copy. Bob syncs and overwrites everyone’s text with his copy.')
  })

  it('has a reconnecting replica without edits download the server copy', () => {
    const steps: Step[] = [
      { kind: 'offline', who: ['Carol'], caption: '' },
      { kind: 'edit', who: 'Alice', edits: [{ kind: 'insert', text: 'A', at: 'end' }], caption: '' },
      { kind: 'online', who: ['Carol'], caption: '' },
    ]
    expect(playLastWriterWins('x', steps)[2].replicas.Carol).toEqual({ text: 'xA', online: true, dirty: false })
  })

  it.each(scenarios.map((s) => [s.id, s] as const))('loses at least one edit of scenario %s', (_, scenario) => {
    const frames = playLastWriterWins(scenario.start, scenario.steps)
    const final = frames[frames.length - 1].server
    const edits = editsOf(scenario)
    const lost = edits.filter(({ edit }) => !editSurvives(edit, final, edits))
    expect(lost.length).toBeGreaterThan(0)
  })
})
