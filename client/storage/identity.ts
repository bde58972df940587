import { isHexColor, palette } from '../presence/palette.ts'
import { readLocalJson, writeLocalJson } from './localJson.ts'

/** How this person appears to others: the name beside their caret and its colour. */
export interface Identity {
  name: string
  color: string
}

const key = 'mergepad.identity'

const adjectives = ['Quiet', 'Bright', 'Curious', 'Gentle', 'Swift', 'Brave', 'Clever', 'Calm', 'Lucky', 'Merry']
const animals = ['Otter', 'Heron', 'Fox', 'Lynx', 'Panda', 'Finch', 'Koala', 'Badger', 'Puffin', 'Marten']

/** This device's identity, made up (and remembered) on first use. */
export function loadIdentity(random = Math.random): Identity {
  const stored = readLocalJson<Partial<Identity>>(key, {})
  if (typeof stored.name === 'string' && stored.name.trim() !== '' && isHexColor(stored.color)) {
    return { name: stored.name, color: stored.color }
  }
  const identity = {
    name: `${pick(adjectives, random)} ${pick(animals, random)}`,
    color: pick(palette, random),
  }
  saveIdentity(identity)
  return identity
}

/** Remembers `identity` on this device; the name is trimmed and capped at 40 characters. */
export function saveIdentity(identity: Identity): Identity {
  const clean = { name: identity.name.trim().slice(0, 40) || 'Anonymous', color: identity.color }
  writeLocalJson(key, clean)
  return clean
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]
}
