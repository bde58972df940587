import { expect, it } from 'vitest'
import { lineToY, scrollAnchors, yToLine } from './scrollMap.ts'

// Three blocks: lines 0–2 at 0–100 px, lines 3–4 at 120–150 px, lines 10–20 at 200–600 px.
const anchors = scrollAnchors(
  [
    { startLine: 0, endLine: 2, top: 0, bottom: 100 },
    { startLine: 3, endLine: 4, top: 120, bottom: 150 },
    { startLine: 10, endLine: 20, top: 200, bottom: 600 },
  ],
  25,
  700,
)

it('maps a line inside a block in proportion to its place in the block', () => {
  expect(lineToY(anchors, 1)).toBe(50)
  expect(lineToY(anchors, 15)).toBe(400)
  expect(lineToY(anchors, 3.5)).toBe(135)
})

it('spreads the blank lines between blocks over the gap between them', () => {
  expect(lineToY(anchors, 2.5)).toBe(110)
  expect(lineToY(anchors, 7)).toBe(175)
})

it('clamps to the document and round-trips', () => {
  expect(lineToY(anchors, -3)).toBe(0)
  expect(lineToY(anchors, 99)).toBe(700)
  for (const line of [0, 0.5, 1.7, 3.2, 8, 12.25, 22]) expect(yToLine(anchors, lineToY(anchors, line))).toBeCloseTo(line, 6)
})

it('stays monotonic when blocks overlap or report shrinking heights', () => {
  const odd = scrollAnchors([{ startLine: 0, endLine: 5, top: 0, bottom: 300 }, { startLine: 5, endLine: 6, top: 250, bottom: 280 }], 6, 200)
  for (let i = 1; i < odd.length; i++) {
    expect(odd[i].y).toBeGreaterThanOrEqual(odd[i - 1].y)
    expect(odd[i].line).toBeGreaterThanOrEqual(odd[i - 1].line)
  }
})
