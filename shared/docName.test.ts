import { describe, expect, it } from 'vitest'
import { docNameFromPath, encodeDocName, validateDocName } from './docName.ts'

describe('validateDocName', () => {
  it('accepts ordinary names, unicode and folders', () => {
    for (const name of ['notes', 'my doc', 'tëam/plan-2026', 'a', 'x'.repeat(255)]) {
      expect(validateDocName(name), name).toBeNull()
    }
  })

  it('refuses empty, overlong, control characters and path tricks', () => {
    expect(validateDocName('')).toMatch(/empty/)
    expect(validateDocName('x'.repeat(256))).toMatch(/limit is 255/)
    expect(validateDocName('a\u0000b')).toMatch(/control/)
    expect(validateDocName('a\nb')).toMatch(/control/)
    expect(validateDocName('..')).toMatch(/"\.\."/)
    expect(validateDocName('a/../b')).toMatch(/"\.\."/)
    expect(validateDocName('./a')).toMatch(/"\."/)
    expect(validateDocName('/a')).toMatch(/empty path segment/)
    expect(validateDocName('a//b')).toMatch(/empty path segment/)
    expect(validateDocName('a\\b')).toMatch(/backslash/)
  })
})

describe('docNameFromPath', () => {
  it('strips the slash and query and percent-decodes', () => {
    expect(docNameFromPath('/my%20doc?ack=1')).toEqual({ name: 'my doc' })
    expect(docNameFromPath('/team/notes')).toEqual({ name: 'team/notes' })
  })

  it('reports bad encoding and bad names, with the name as given', () => {
    expect(docNameFromPath('/%E0%A4%A')).toEqual({ error: 'document name is not valid percent-encoding', given: '%E0%A4%A' })
    expect(docNameFromPath('/')).toEqual({ error: 'document name is empty', given: '' })
    expect(docNameFromPath('/%2e%2e')).toEqual({ error: 'document name has a ".." path segment', given: '..' })
  })
})

describe('encodeDocName', () => {
  it('encodes each segment and keeps the slashes', () => {
    expect(encodeDocName('notes')).toBe('notes')
    expect(encodeDocName('team/plan 2026')).toBe('team/plan%202026')
    expect(encodeDocName('a?b#c/100%')).toBe('a%3Fb%23c/100%25')
    expect(encodeDocName('tëam/ä')).toBe('t%C3%ABam/%C3%A4')
  })

  it('round-trips through docNameFromPath for every valid name', () => {
    for (const name of ['notes', 'team/plan 2026', 'a?b#c', '100%', 'tëam/ä/x', 'emoji 🙂', 'a+b=c&d', '...', 'x'.repeat(255)]) {
      expect(validateDocName(name), name).toBeNull()
      expect(docNameFromPath(`/${encodeDocName(name)}?ack=1`), name).toEqual({ name })
    }
  })
})
