import * as prng from 'lib0/prng'

/** One keystroke: at `pos`, delete `deleteCount` characters, then insert `insert` (one character or none). */
export type Keystroke = [pos: number, deleteCount: number, insert: string]

const letters = 'etaoinshrdlucmfwypvbgkjqxz'

/**
 * A seeded editing history shaped like a person writing: runs of typing at a caret that mostly
 * moves on by itself, words and spaces, newlines now and then, backspaces (sometimes a few in a
 * row), and jumps to another place in the text. Every keystroke is valid for the text so far.
 */
export function randomKeystrokes(gen: prng.PRNG, count: number): Keystroke[] {
  const strokes: Keystroke[] = []
  let length = 0
  let caret = 0
  while (strokes.length < count) {
    const roll = prng.int32(gen, 0, 99)
    if (roll < 3 && length > 0) {
      caret = prng.int32(gen, 0, length)
    } else if (roll < 12 && caret > 0) {
      for (let n = prng.int32(gen, 1, 4); n > 0 && caret > 0 && strokes.length < count; n--) {
        strokes.push([--caret, 1, ''])
        length--
      }
    } else {
      const ch = roll < 26 ? ' ' : roll < 28 ? '\n' : letters[prng.int32(gen, 0, letters.length - 1)]
      strokes.push([caret++, 0, ch])
      length++
    }
  }
  return strokes
}
