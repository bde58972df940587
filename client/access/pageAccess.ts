import { accessMode } from './accessApi.ts'
import { type HeldToken, tokenForPage } from './linkTokens.ts'

/**
 * How this page may open a document: with a share link's token, with none because the relay is
 * open (or unreachable, when the local copy is all there is), or not at all.
 */
export type PageAccess = { kind: 'link'; held: HeldToken } | { kind: 'open' } | { kind: 'needLink' }

/**
 * Decides how to open document `name`: the token in the address or kept on this device; without
 * one, asks the relay whether it needs links (remembering the answer for offline use).
 */
export async function pageAccess(name: string): Promise<PageAccess> {
  const held = tokenForPage(name)
  if (held) return { kind: 'link', held }
  return (await accessMode()) === 'links' ? { kind: 'needLink' } : { kind: 'open' }
}
