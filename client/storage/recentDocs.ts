import { readLocalJson, writeLocalJson } from './localJson.ts'

/** A document opened on this device, and when (milliseconds since the epoch). */
export interface RecentDoc {
  name: string
  lastOpened: number
}

const key = 'mergepad.recentDocs'
const maxRemembered = 50

/** Documents opened on this device, most recently opened first. */
export function recentDocs(): RecentDoc[] {
  const list = readLocalJson<unknown>(key, [])
  if (!Array.isArray(list)) return []
  return list
    .filter((d): d is RecentDoc => typeof d?.name === 'string' && typeof d?.lastOpened === 'number')
    .sort((a, b) => b.lastOpened - a.lastOpened)
}

/** Records that `name` was opened at `now`, moving it to the top of {@link recentDocs}. */
export function rememberOpened(name: string, now = Date.now()): void {
  const rest = recentDocs().filter((d) => d.name !== name)
  writeLocalJson(key, [{ name, lastOpened: now }, ...rest].slice(0, maxRemembered))
}

/** Removes `name` from the list. The document's local copy stays in IndexedDB. */
export function forgetRecent(name: string): void {
  writeLocalJson(key, recentDocs().filter((d) => d.name !== name))
}
