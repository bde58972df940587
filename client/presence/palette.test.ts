import { expect, it } from 'vitest'
import { inkOn, palette } from './palette.ts'

const luminance = (hex: string) => {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

it('writes on every colour a person can pick with WCAG AA contrast', () => {
  for (const color of palette) expect(contrast(inkOn(color), color), color).toBeGreaterThanOrEqual(4.5)
})

it('picks white on dark colours and black on light ones, for any colour', () => {
  expect(inkOn('#1b1f2a')).toBe('#ffffff')
  expect(inkOn('#ffd700')).toBe('#000000')
  for (let i = 0; i < 4096; i += 7) {
    const color = `#${[i >> 8, (i >> 4) & 15, i & 15].map((v) => (v * 17).toString(16).padStart(2, '0')).join('')}`
    expect(contrast(inkOn(color), color)).toBeGreaterThanOrEqual(4.5)
  }
})
