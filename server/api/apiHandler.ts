import type { IncomingMessage, ServerResponse } from 'node:http'
import type { OriginPolicy } from '../access/originPolicy.ts'
import { type ApiContext, retryLater } from './apiContext.ts'
import { parseApiRoute } from './apiRoute.ts'
import { appendText, createDoc, deleteDoc, getText, listDocs, putText } from './docRoutes.ts'
import { isStoreUnavailable } from '../store/storeUnavailable.ts'
import { HttpError, sendJson } from './httpJson.ts'
import { createLink, listLinks, revokeLinks } from './linkRoutes.ts'
import { ReadVersions } from './readVersions.ts'
import { getHistoryBundle, getVersionText, getVersions, postVersion, restoreVersion } from './versionRoutes.ts'

/**
 * The JSON API under `/api/`: documents, their text, and their share links (see README). Every
 * refusal is a 4xx (or 503) with `{ "error": "…" }` naming the problem. Requests from browser pages
 * of other origins are refused (403), so a foreign page cannot use the API of a relay on the
 * visitor's machine. Bearer tokens are never logged.
 */
export function createApiHandler(context: Omit<ApiContext, 'versions'>, origins: OriginPolicy): (req: IncomingMessage, res: ServerResponse) => void {
  const ctx: ApiContext = { ...context, versions: new ReadVersions() }
  return (req, res) => {
    void handle(ctx, origins, req, res).catch((caught: unknown) => {
      const error = caught instanceof HttpError ? caught : isStoreUnavailable(caught) ? storeDown : null
      if (error === null || error === storeDown) {
        ctx.log.error({ err: caught, method: req.method, path: pathOf(req) }, error ? 'API request failed: the store is unavailable' : 'API request failed')
      }
      if (res.headersSent) return void res.destroy()
      sendJson(res, error?.status ?? 500, { error: error?.message ?? 'the relay failed to handle this request' }, error?.headers ?? {})
    })
  }
}

/** What a request that needed the store gets while it cannot be reached. */
const storeDown = new HttpError(503, 'the relay cannot reach its store just now; retry later', retryLater)

async function handle(ctx: ApiContext, origins: OriginPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = origins.check(req.headers.origin, req.headers.host)
  if (refused !== null) throw new HttpError(403, refused)
  const url = new URL(req.url ?? '/', 'http://relay')
  const route = parseApiRoute(url.pathname)
  const method = req.method ?? 'GET'
  const only = (...allowed: string[]) => {
    if (!allowed.includes(method)) throw new HttpError(405, `${method} is not allowed here; use ${allowed.join(' or ')}`, { allow: allowed.join(', ') })
  }
  switch (route.kind) {
    case 'access':
      only('GET')
      return sendJson(res, 200, { mode: ctx.access.mode })
    case 'docs':
      only('GET', 'POST')
      return method === 'POST' ? createDoc(ctx, req, res) : listDocs(ctx, req, res, url.searchParams)
    case 'doc':
      only('DELETE')
      return deleteDoc(ctx, req, res, route.name)
    case 'text':
      only('GET', 'PUT')
      return method === 'PUT' ? putText(ctx, req, res, route.name) : getText(ctx, req, res, route.name)
    case 'append':
      only('POST')
      return appendText(ctx, req, res, route.name)
    case 'links':
      only('GET', 'POST', 'DELETE')
      if (method === 'GET') return listLinks(ctx, req, res, route.name, url.searchParams)
      if (method === 'POST') return createLink(ctx, req, res, route.name)
      return revokeLinks(ctx, req, res, route.name, { role: url.searchParams.get('role') })
    case 'link':
      only('DELETE')
      return revokeLinks(ctx, req, res, route.name, { id: route.id })
    case 'versions':
      only('GET', 'POST')
      return method === 'POST' ? postVersion(ctx, req, res, route.name) : getVersions(ctx, req, res, route.name)
    case 'versionText':
      only('GET')
      return getVersionText(ctx, req, res, route.name, route.id)
    case 'versionRestore':
      only('POST')
      return restoreVersion(ctx, req, res, route.name, route.id)
    case 'history':
      only('GET')
      return getHistoryBundle(ctx, req, res, route.name)
    case 'badName':
      throw new HttpError(400, route.reason)
    case 'unknown':
      throw new HttpError(404, `there is no API at ${url.pathname}`)
    default:
      return route satisfies never
  }
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]
}
