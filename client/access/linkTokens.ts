import { decodeJwt } from 'jose'
import { type Role, isRole, roleAtLeast } from '../../shared/access.ts'
import { readLocalJson, writeLocalJson } from '../storage/localJson.ts'

/** A share-link token this device holds for a document, and the role it says it grants. */
export interface HeldToken {
  token: string
  role: Role
  /** Expiry in milliseconds since the epoch, or null for never. */
  expiresAt: number | null
}

const keyFor = (name: string) => `mergepad.access:${name}`

/**
 * The document and role a token claims, read without checking its signature (the relay checks;
 * this only decides what to show). Null for anything that is not a share-link token.
 */
export function readToken(token: string): (HeldToken & { doc: string }) | null {
  try {
    const { doc, role, exp } = decodeJwt(token)
    if (typeof doc !== 'string' || !isRole(role)) return null
    return { token, doc, role, expiresAt: typeof exp === 'number' ? exp * 1000 : null }
  } catch {
    return null
  }
}

/** The tokens this device keeps for `name`, one per role (in `localStorage`). */
export function heldTokens(name: string): HeldToken[] {
  const stored = readLocalJson<unknown>(keyFor(name), [])
  if (!Array.isArray(stored)) return []
  return stored.flatMap((token) => {
    const read = typeof token === 'string' ? readToken(token) : null
    return read && read.doc === name ? [{ token: read.token, role: read.role, expiresAt: read.expiresAt }] : []
  })
}

/** Keeps `token` for `name`, replacing any other token of the same role. Returns false for a token of another document. */
export function keepToken(name: string, token: string): boolean {
  const read = readToken(token)
  if (!read || read.doc !== name) return false
  const others = heldTokens(name).filter((held) => held.role !== read.role)
  writeLocalJson(keyFor(name), [token, ...others.map((held) => held.token)])
  return true
}

/** Forgets `token` for `name` (it was revoked or expired). */
export function forgetToken(name: string, token: string): void {
  writeLocalJson(keyFor(name), heldTokens(name).filter((held) => held.token !== token).map((held) => held.token))
}

/** The strongest unexpired token this device holds for `name`, or null. */
export function bestToken(name: string, now = Date.now()): HeldToken | null {
  const usable = heldTokens(name).filter((held) => held.expiresAt === null || held.expiresAt > now)
  return usable.reduce<HeldToken | null>((best, held) => (best === null || roleAtLeast(held.role, best.role) ? held : best), null)
}

/**
 * Takes the token from the address's fragment (`/d/<name>#<token>`), if it is one for `name`: keeps
 * it on this device and removes it from the address bar, so it is not copied, bookmarked or shown
 * by accident. Returns the token the page should use: the one just opened, else the strongest held.
 */
export function tokenForPage(name: string): HeldToken | null {
  let fragment = ''
  try {
    fragment = decodeURIComponent(location.hash.slice(1))
  } catch {
    // Not a token; the address is left as it is.
  }
  if (fragment) {
    const read = readToken(fragment)
    if (read && read.doc === name) {
      keepToken(name, fragment)
      history.replaceState(history.state, '', location.pathname + location.search)
      return { token: read.token, role: read.role, expiresAt: read.expiresAt }
    }
  }
  return bestToken(name)
}
