import { palette } from '../presence/palette.ts'

/**
 * The colour history and the authors view give person `name`: one of the palette's, picked by a
 * hash of the name, so it is the same on every device and in every session. Unknown authors
 * (empty name) are grey.
 */
export function authorColor(name: string): string {
  if (name === '') return '#8b8d98'
  let hash = 2166136261
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619)
  return palette[(hash >>> 0) % palette.length]
}

/** What an author is called on screen: their name, or "Someone" when history does not know. */
export function authorLabel(name: string): string {
  return name === '' ? 'Someone' : name
}
