import { expect, it } from 'vitest'
import { relativeTime } from './relativeTime.ts'

it('says how long ago a document was opened, in words', () => {
  const now = Date.UTC(2026, 0, 10, 12)
  expect(relativeTime(now - 5_000, now)).toBe('just now')
  expect(relativeTime(now - 60_000, now)).toBe('1 minute ago')
  expect(relativeTime(now - 5 * 3_600_000, now)).toBe('5 hours ago')
  expect(relativeTime(now - 26 * 3_600_000, now)).toBe('yesterday')
  expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago')
  expect(relativeTime(now - 30 * 86_400_000, now)).toMatch(/2025/)
})
