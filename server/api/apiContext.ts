import type { IncomingMessage } from 'node:http'
import type { Logger } from 'pino'
import { CloseCode, type Role } from '../../shared/index.ts'
import type { AccessControl } from '../access/accessControl.ts'
import type { RoomRegistry } from '../roomRegistry.ts'
import { ApiPeer, PeerClosedError } from './apiPeer.ts'
import type { DocCatalog } from '../store/docCatalog.ts'
import { HttpError, bearerToken } from './httpJson.ts'
import type { ReadVersions } from './readVersions.ts'
import type { HistoryContext } from './versionRoutes.ts'

/** What the API's handlers work with. */
export interface ApiContext {
  access: AccessControl
  registry: RoomRegistry
  catalog: DocCatalog
  log: Logger
  /** Largest request body, in bytes. */
  maxBodyBytes: number
  /** The editor's base URL for links (`--public-url`), or null to use the request's Host. */
  publicUrl: string | null
  /** Texts recently read, for merging a `PUT` with `If-Match`. */
  versions: ReadVersions
  /** Document histories, when the store keeps them (null: the version routes answer 501). */
  history: HistoryContext | null
}

/** Throws the 401 or 403 that refuses `req` unless it may act on `doc` with `needed`; returns who it acts as. */
export async function requireRole(ctx: ApiContext, req: IncomingMessage, doc: string | null, needed: Role | 'admin'): Promise<'admin' | 'open' | Role> {
  return (await requireCaller(ctx, req, doc, needed)).as
}

/**
 * {@link requireRole}, also naming the caller as history records its changes: the label of the
 * link whose token it carries, else "Admin" for the admin token, else "API".
 */
export async function requireCaller(ctx: ApiContext, req: IncomingMessage, doc: string | null, needed: Role | 'admin'): Promise<{ as: 'admin' | 'open' | Role; author: string }> {
  const authority = await ctx.access.authorize(bearerToken(req), doc, needed)
  if (!authority.ok) {
    const headers: Record<string, string> = authority.status === 401 ? { 'www-authenticate': 'Bearer' } : {}
    throw new HttpError(authority.status, authority.error, headers)
  }
  return { as: authority.as, author: authority.label ?? (authority.as === 'admin' ? 'Admin' : 'API') }
}

/** Throws 404 unless `name` is stored or was created through the API. */
export async function requireDoc(ctx: ApiContext, name: string): Promise<void> {
  if ((await ctx.access.isClaimed(name)) || (await ctx.catalog.exists(name))) return
  throw new HttpError(404, `there is no document named "${name}"`)
}

/**
 * Opens `name` as an in-process peer, runs `use` with it and leaves, mapping the room's refusals to
 * HTTP statuses (413 document too large, 410 deleted meanwhile, 503 storage failure). History
 * records the peer's edits as `author`'s.
 */
export async function withPeer<T>(ctx: ApiContext, name: string, use: (peer: ApiPeer) => Promise<T>, author = 'API'): Promise<T> {
  let peer: ApiPeer
  try {
    peer = await ApiPeer.open(ctx.registry, ctx.access.live, name, author)
  } catch (error) {
    throw asHttpError(error)
  }
  try {
    return await use(peer)
  } catch (error) {
    throw asHttpError(error)
  } finally {
    peer.leave()
  }
}

/** The header of every 503: when to ask again, in seconds. */
export const retryLater = { 'retry-after': '5' }

function asHttpError(error: unknown): unknown {
  if (error instanceof HttpError) return error
  if (error instanceof PeerClosedError) {
    if (error.code === CloseCode.DocumentTooLarge) return new HttpError(413, error.reason)
    if (error.code === CloseCode.DocumentDeleted) return new HttpError(410, 'the document was deleted meanwhile')
    return new HttpError(503, `the relay could not store the edit: ${error.reason}`, retryLater)
  }
  return new HttpError(503, 'the relay could not open the document; retry later', retryLater)
}

/** The editor URL for `name` opened with `token`: `<base>/d/<name>#<token>`. */
export function linkUrl(ctx: ApiContext, req: IncomingMessage, name: string, token: string): string {
  const base = ctx.publicUrl ?? `http://${req.headers.host ?? 'localhost'}`
  return `${base.replace(/\/+$/, '')}/d/${name.split('/').map(encodeURIComponent).join('/')}#${token}`
}
