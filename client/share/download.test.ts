import { expect, it } from 'vitest'
import { downloadFileName } from './download.ts'

it('names a download after the document, folders as dashes', () => {
  expect(downloadFileName('notes', 'md')).toBe('notes.md')
  expect(downloadFileName('team/plan 2026', 'txt')).toBe('team-plan 2026.txt')
  expect(downloadFileName('a:b?c', 'md')).toBe('a-b-c.md')
  expect(downloadFileName('///', 'txt')).toBe('document.txt')
})
