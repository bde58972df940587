import { describe, expect, it } from 'vitest'
import { formatTextStats, textStats } from './textStats.ts'

describe('textStats', () => {
  it('counts words across punctuation, Markdown and scripts', () => {
    expect(textStats('')).toEqual({ words: 0, characters: 0 })
    expect(textStats('# Hello, world!').words).toBe(2)
    expect(textStats("it's a well-known *fact*").words).toBe(4)
    expect(textStats('Grüße aus Köln, 2026').words).toBe(4)
  })

  it('counts an emoji as one character', () => {
    expect(textStats('hi 👋').characters).toBe(4)
  })
})

describe('formatTextStats', () => {
  it('uses singulars and thousands separators', () => {
    expect(formatTextStats({ words: 1, characters: 1 })).toBe('1 word · 1 character')
    expect(formatTextStats({ words: 1234, characters: 56789 })).toBe('1,234 words · 56,789 characters')
  })
})
