import { expect, it } from 'vitest'
import { TaggedRanges } from './taggedRanges.ts'

it('sorts ranges that came right to left, as backspacing deletes, merging what one change named', () => {
  const deletes = new TaggedRanges()
  deletes.add(7, 4, 1, 10, 1)
  deletes.add(7, 3, 1, 10, 1)
  deletes.add(7, 1, 2, 11, 2)
  expect(deletes.resolve().get(7)).toEqual({ start: [1, 3], end: [3, 5], seq: [11, 10], by: [2, 1] })
})

it('gives ids that several changes named to the earliest of them', () => {
  const deletes = new TaggedRanges()
  deletes.add(7, 2, 4, 20, 2)
  deletes.add(7, 0, 3, 10, 1)
  deletes.add(7, 5, 3, 15, 3)
  expect(deletes.resolve().get(7)).toEqual({ start: [0, 3, 5], end: [3, 5, 8], seq: [10, 20, 15], by: [1, 2, 3] })
})
