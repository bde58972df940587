import { describe, expect, it } from 'vitest'
import { textStats, textStatsParts } from './textStats.ts'

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

describe('textStatsParts', () => {
  it('uses singulars and thousands separators, the characters apart from the words', () => {
    expect(textStatsParts({ words: 1, characters: 1 })).toEqual(['1 word', ' · 1 character'])
    expect(textStatsParts({ words: 1234, characters: 56789 }).join('')).toBe('1,234 words · 56,789 characters')
  })
})
