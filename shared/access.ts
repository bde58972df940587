/**
 * Roles a share link can carry, weakest first: `view` reads, `edit` also writes, `owner` also
 * shares, revokes and deletes. Used by the relay to enforce and by the editor to show.
 */
export const roles = ['view', 'edit', 'owner'] as const

export type Role = (typeof roles)[number]

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}

/** Whether `role` grants at least what `needed` does (`owner` ≥ `edit` ≥ `view`). */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed)
}

/** URL query parameter of the WebSocket connection that carries a link's token (`?token=…`). */
export const tokenParam = 'token'

/** How the relay decides who may open documents (`--access`). */
export type AccessMode = 'open' | 'links'
