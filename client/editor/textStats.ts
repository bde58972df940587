/** Word and character counts of a text, as the editor's footer shows them. */
export interface TextStats {
  words: number
  characters: number
}

/**
 * Counts words (runs of letters, digits, apostrophes and hyphens, in any script) and characters
 * (Unicode code points, so an emoji counts once).
 */
export function textStats(text: string): TextStats {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu)?.length ?? 0
  let characters = 0
  for (const _ of text) characters++
  return { words, characters }
}

/**
 * "1,234 words · 5,678 characters", with singulars where they apply, in two parts ("1,234 words"
 * and " · 5,678 characters") so that a narrow screen can show only the first.
 */
export function textStatsParts({ words, characters }: TextStats): [string, string] {
  const n = (count: number, unit: string) => `${count.toLocaleString('en-US')} ${unit}${count === 1 ? '' : 's'}`
  return [n(words, 'word'), ` · ${n(characters, 'character')}`]
}
