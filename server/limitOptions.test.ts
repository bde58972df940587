import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Limits } from '../shared/index.ts'
import { limitOptions } from './limitOptions.ts'

describe('limit options', () => {
  it('cover every limit an operator sets, and the README gives each its default from Limits', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    for (const [option, { limit }] of Object.entries(limitOptions)) {
      const row = new RegExp(`^\\| \`--${option} N\` \\| \\| (\\d+) \\|`, 'm').exec(readme)
      expect(row, `README row for --${option}`).not.toBeNull()
      expect(Number(row![1]), `--${option}`).toBe(Limits[limit])
    }
  })
})
