import { describe, expect, it } from 'vitest'
import { applyEdit, describeEdit, editSurvives, resolveEdit } from './edits.ts'
import type { AttributedEdit } from './script.ts'

describe('resolveEdit', () => {
  it('finds anchors and deleted text by their first occurrence', () => {
    expect(resolveEdit('a cat', { kind: 'insert', text: 'big ', at: { before: 'cat' } })).toEqual({ index: 2, deleteCount: 0, insert: 'big ' })
    expect(resolveEdit('a cat', { kind: 'insert', text: '!', at: { after: 'cat' } })).toEqual({ index: 5, deleteCount: 0, insert: '!' })
    expect(resolveEdit('a cat', { kind: 'insert', text: '>', at: 'start' }).index).toBe(0)
    expect(resolveEdit('a cat', { kind: 'insert', text: '.', at: 'end' }).index).toBe(5)
    expect(resolveEdit('a cat', { kind: 'replace', text: 'cat', with: 'dog' })).toEqual({ index: 2, deleteCount: 3, insert: 'dog' })
  })

  it('throws with the text when an anchor is missing', () => {
    expect(() => resolveEdit('a cat', { kind: 'delete', text: 'dog' })).toThrow(/"dog" not found in "a cat"/)
  })
})

describe('applyEdit', () => {
  it('applies inserts, deletes and replacements', () => {
    expect(applyEdit('a cat', { kind: 'insert', text: 'big ', at: { before: 'cat' } })).toBe('a big cat')
    expect(applyEdit('a cat sat', { kind: 'delete', text: ' sat' })).toBe('a cat')
    expect(applyEdit('at noon', { kind: 'replace', text: 'noon', with: '1 pm' })).toBe('at 1 pm')
  })
})

describe('describeEdit', () => {
  it('quotes the text, shows line breaks and shortens long text', () => {
    expect(describeEdit({ kind: 'insert', text: 'big ', at: 'end' })).toBe('inserted “big ”')
    expect(describeEdit({ kind: 'delete', text: '\nx' })).toBe('deleted “⏎x”')
    expect(describeEdit({ kind: 'replace', text: 'noon', with: '1 pm' })).toBe('changed “noon” to “1 pm”')
    expect(describeEdit({ kind: 'delete', text: 'x'.repeat(60) })).toBe(`deleted “${'x'.repeat(38)}…”`)
  })
})

describe('editSurvives', () => {
  const sentence = 'The cat sat.'
  const edits: AttributedEdit[] = [
    { who: 'Alice', edit: { kind: 'delete', text: sentence } },
    { who: 'Bob', edit: { kind: 'insert', text: 'fat ', at: { before: 'cat' } } },
  ]

  it('keeps a delete when only text inserted concurrently remains of the sentence', () => {
    expect(editSurvives(edits[0].edit, 'Hi. fat ', edits)).toBe(true)
    expect(editSurvives(edits[1].edit, 'Hi. fat ', edits)).toBe(true)
  })

  it('loses a delete whose sentence is back, even with an insert inside it', () => {
    expect(editSurvives(edits[0].edit, 'Hi. The fat cat sat.', edits)).toBe(false)
    expect(editSurvives(edits[1].edit, 'Hi. The cat sat.', edits)).toBe(false)
  })

  it('needs both halves of a replacement', () => {
    const edit = { kind: 'replace', text: 'noon', with: '1 pm' } as const
    expect(editSurvives(edit, 'at 1 pm', [])).toBe(true)
    expect(editSurvives(edit, 'at noon', [])).toBe(false)
    expect(editSurvives(edit, 'at noon 1 pm', [])).toBe(false)
  })
})
