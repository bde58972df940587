import { describe, expect, it } from 'vitest'
import { contentHash } from './contentHash.ts'
import { convergence } from './convergence.ts'

describe('contentHash', () => {
  it('is eight hex digits, the same for equal texts and different for near ones', () => {
    expect(contentHash('')).toBe('811c9dc5')
    expect(contentHash('abc')).toMatch(/^[0-9a-f]{8}$/)
    expect(contentHash('abc')).toBe(contentHash('abc'))
    expect(contentHash('abc')).not.toBe(contentHash('abd'))
  })
})

describe('convergence', () => {
  it('is converged with the hash when all texts are equal', () => {
    expect(convergence(['x', 'x', 'x'])).toEqual({ kind: 'converged', hash: contentHash('x') })
  })

  it('counts the distinct versions otherwise', () => {
    expect(convergence(['x', 'y', 'x'])).toEqual({ kind: 'diverged', versions: 2 })
  })
})
