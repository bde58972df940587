import { validateDocName } from '../../shared/index.ts'

/** What an API path asks for; the method is checked by the handler. */
export type ApiRoute =
  | { kind: 'access' }
  | { kind: 'docs' }
  | { kind: 'doc'; name: string }
  | { kind: 'text'; name: string }
  | { kind: 'append'; name: string }
  | { kind: 'links'; name: string }
  | { kind: 'link'; name: string; id: string }
  | { kind: 'versions'; name: string }
  | { kind: 'versionText'; name: string; id: string }
  | { kind: 'versionRestore'; name: string; id: string }
  | { kind: 'history'; name: string }
  | { kind: 'badName'; reason: string }
  | { kind: 'unknown' }

/**
 * Parses a path under `/api/` (query excluded). A document name comes percent-encoded, its `/`
 * either literal or as `%2F`: `/api/docs/team/notes/text` and `/api/docs/team%2Fnotes/text` are
 * the same. The last literal segments decide the route (`text`, `append`, `links`, `links/<id>`,
 * `versions`, `versions/<id>/text`, `versions/<id>/restore`, `history`), so a name that itself ends in such a segment must encode its slashes.
 */
export function parseApiRoute(path: string): ApiRoute {
  if (path === '/api/access') return { kind: 'access' }
  if (path === '/api/docs' || path === '/api/docs/') return { kind: 'docs' }
  if (!path.startsWith('/api/docs/')) return { kind: 'unknown' }
  const segments = path.slice('/api/docs/'.length).split('/')
  const last = segments[segments.length - 1]
  const before = segments[segments.length - 2]
  let kind: ApiRoute['kind'] = 'doc'
  let rest = segments
  let id = ''
  if (segments.length >= 4 && segments[segments.length - 3] === 'versions' && (last === 'text' || last === 'restore')) {
    kind = last === 'text' ? 'versionText' : 'versionRestore'
    id = before
    rest = segments.slice(0, -3)
  } else if (segments.length >= 2 && (last === 'versions' || last === 'history')) {
    kind = last
    rest = segments.slice(0, -1)
  } else if (segments.length >= 2 && (last === 'text' || last === 'append' || last === 'links')) {
    kind = last
    rest = segments.slice(0, -1)
  } else if (segments.length >= 3 && before === 'links') {
    kind = 'link'
    id = last
    rest = segments.slice(0, -2)
  }
  let name: string
  try {
    name = rest.map(decodeURIComponent).join('/')
    id = decodeURIComponent(id)
  } catch {
    return { kind: 'badName', reason: 'document name is not valid percent-encoding' }
  }
  const reason = validateDocName(name)
  if (reason !== null) return { kind: 'badName', reason }
  if (kind === 'link' || kind === 'versionText' || kind === 'versionRestore') return { kind, name, id }
  return { kind, name } as ApiRoute
}
