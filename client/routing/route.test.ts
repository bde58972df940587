import { describe, expect, it } from 'vitest'
import { docPath, parseRoute } from './route.ts'

describe('parseRoute', () => {
  it('knows the home page, the demo and unknown paths', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' })
    expect(parseRoute('/demo')).toEqual({ kind: 'demo' })
    expect(parseRoute('/nope')).toEqual({ kind: 'notFound', path: '/nope' })
  })

  it('takes everything after /d/ as the document name, decoded', () => {
    expect(parseRoute('/d/notes')).toEqual({ kind: 'doc', name: 'notes' })
    expect(parseRoute('/d/team/plan%202026')).toEqual({ kind: 'doc', name: 'team/plan 2026' })
    expect(parseRoute('/d/t%C3%ABam%2Fa')).toEqual({ kind: 'doc', name: 'tëam/a' })
  })

  it('reports why a document name is refused', () => {
    expect(parseRoute('/d/')).toEqual({ kind: 'badDoc', name: '', reason: 'document name is empty' })
    expect(parseRoute('/d/a//b')).toMatchObject({ kind: 'badDoc', reason: expect.stringMatching(/empty path segment/) })
    expect(parseRoute('/d/%E0%A4%A')).toEqual({ kind: 'badDoc', name: '%E0%A4%A', reason: 'document name is not valid percent-encoding' })
    expect(parseRoute('/d/team/%2E%2E')).toEqual({ kind: 'badDoc', name: 'team/..', reason: 'document name has a ".." path segment' })
  })
})

describe('docPath', () => {
  it('round-trips through parseRoute', () => {
    for (const name of ['notes', 'team/plan 2026', 'a?b#c', '100%']) {
      expect(parseRoute(docPath(name))).toEqual({ kind: 'doc', name })
    }
  })
})
