import { describe, expect, it } from 'vitest'
import { parseApiRoute } from './apiRoute.ts'

describe('parseApiRoute', () => {
  it('reads document names with literal or encoded slashes', () => {
    expect(parseApiRoute('/api/docs')).toEqual({ kind: 'docs' })
    expect(parseApiRoute('/api/docs/team/plan')).toEqual({ kind: 'doc', name: 'team/plan' })
    expect(parseApiRoute('/api/docs/team%2Fplan/text')).toEqual({ kind: 'text', name: 'team/plan' })
    expect(parseApiRoute('/api/docs/team/my%20plan/append')).toEqual({ kind: 'append', name: 'team/my plan' })
    expect(parseApiRoute('/api/docs/a/links')).toEqual({ kind: 'links', name: 'a' })
    expect(parseApiRoute('/api/docs/a/b/links/xyz')).toEqual({ kind: 'link', name: 'a/b', id: 'xyz' })
    expect(parseApiRoute('/api/docs/notes%2Ftext')).toEqual({ kind: 'doc', name: 'notes/text' })
    expect(parseApiRoute('/api/docs/team/plan/versions')).toEqual({ kind: 'versions', name: 'team/plan' })
    expect(parseApiRoute('/api/docs/team/plan/versions/12/text')).toEqual({ kind: 'versionText', name: 'team/plan', id: '12' })
    expect(parseApiRoute('/api/docs/a/versions/c7/restore')).toEqual({ kind: 'versionRestore', name: 'a', id: 'c7' })
    expect(parseApiRoute('/api/docs/a/history')).toEqual({ kind: 'history', name: 'a' })
  })

  it('refuses names that break the rule, and unknown paths', () => {
    expect(parseApiRoute('/api/docs/a/../b/text')).toEqual({ kind: 'badName', reason: 'document name has a ".." path segment' })
    expect(parseApiRoute('/api/docs/%E0%A4/text')).toEqual({ kind: 'badName', reason: 'document name is not valid percent-encoding' })
    expect(parseApiRoute('/api/docs//text')).toMatchObject({ kind: 'badName' })
    expect(parseApiRoute('/api/other')).toEqual({ kind: 'unknown' })
  })
})
