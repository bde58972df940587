import type { IncomingMessage, ServerResponse } from 'node:http'
import { isRole } from '../../shared/index.ts'
import type { Grant } from '../access/grantStore.ts'
import { type ApiContext, linkUrl, requireDoc, requireRole } from './apiContext.ts'
import { isoTime } from '../store/docCatalog.ts'
import { HttpError, readJsonObject, sendJson } from './httpJson.ts'

/** Longest link lifetime accepted: ten years. */
const maxExpirySeconds = 10 * 365 * 24 * 3600
const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/**
 * `POST /api/docs/<name>/links` `{ role, expiresIn?, label? }` (owner) → 201, the link with its
 * token and URL. On an open relay it too needs the owner's (or the admin's) token: a link made for
 * anyone there would work once the relay requires links.
 */
export async function createLink(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
  if ((await requireRole(ctx, req, name, 'owner')) === 'open') {
    throw new HttpError(403, 'making a link needs the owner link or the admin token, even on an open relay')
  }
  await requireDoc(ctx, name)
  const body = await readJsonObject(req, 64 * 1024)
  if (!isRole(body.role)) throw new HttpError(400, '"role" must be "view", "edit" or "owner"')
  const expiresInSeconds = body.expiresIn === undefined || body.expiresIn === null ? null : parseExpiry(body.expiresIn)
  let label: string | null = null
  if (body.label !== undefined && body.label !== null) {
    if (typeof body.label !== 'string' || body.label.trim().length > 60) throw new HttpError(400, '"label" must be a string of at most 60 characters')
    label = body.label.trim() || null
  }
  const { grant, token } = await ctx.access.issue(name, body.role, { expiresInSeconds, label })
  sendJson(res, 201, describe(ctx, req, grant, token))
}

/**
 * `GET /api/docs/<name>/links` (owner) → `{ links }`, the live ones; `?all=1` adds revoked and
 * expired ones. On an open relay a request without the owner's token gets no tokens or URLs, so
 * links harvested there cannot be used once the relay requires links.
 */
export async function listLinks(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string, query: URLSearchParams): Promise<void> {
  const as = await requireRole(ctx, req, name, 'owner')
  const anonymous = as === 'open'
  await requireDoc(ctx, name)
  const now = Date.now()
  const all = query.get('all') === '1'
  const grants = (await ctx.access.links(name)).filter((g) => all || (g.revokedAt === null && (g.expiresAt === null || g.expiresAt > now)))
  const links = await Promise.all(grants.map(async (g) => describe(ctx, req, g, await ctx.access.tokenOf(g))))
  sendJson(res, 200, { links: anonymous ? links.map(({ url: _url, token: _token, ...rest }) => rest) : links })
}

/**
 * `DELETE /api/docs/<name>/links/<id>` revokes one link; `DELETE /api/docs/<name>/links?role=R`
 * every link of role R (owner). Connections opened with them close at once. → `{ revoked: [id…] }`.
 */
export async function revokeLinks(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, name: string, which: { id: string } | { role: string | null }): Promise<void> {
  await requireRole(ctx, req, name, 'owner')
  await requireDoc(ctx, name)
  if ('role' in which && !isRole(which.role)) throw new HttpError(400, 'say which links to revoke: …/links/<id>, or …/links?role=view|edit|owner')
  const revoked = await ctx.access.revoke(name, 'id' in which ? which : { role: which.role as Grant['role'] })
  if ('id' in which && revoked.length === 0) throw new HttpError(404, `there is no live link with id "${which.id}"`)
  sendJson(res, 200, { revoked })
}

function describe(ctx: ApiContext, req: IncomingMessage, grant: Grant, token: string) {
  return {
    id: grant.id,
    role: grant.role,
    label: grant.label,
    createdAt: isoTime(grant.createdAt),
    expiresAt: isoTime(grant.expiresAt),
    revokedAt: isoTime(grant.revokedAt),
    url: linkUrl(ctx, req, grant.doc, token),
    token,
  }
}

/** `expiresIn`: seconds as a number, or a string like `"90s"`, `"30m"`, `"12h"`, `"7d"`, `"2w"`. */
function parseExpiry(value: unknown): number {
  let seconds = NaN
  if (typeof value === 'number') seconds = value
  else if (typeof value === 'string') {
    const match = /^\s*(\d+)\s*([smhdw]?)\s*$/.exec(value)
    if (match) seconds = Number(match[1]) * units[match[2] || 's']
  }
  if (!(seconds > 0) || seconds > maxExpirySeconds) {
    throw new HttpError(400, '"expiresIn" must be a positive number of seconds or a duration like "30m", "12h", "7d" (at most ten years)')
  }
  return seconds
}
