import { validateDocName } from '../../shared/index.ts'

/** What the address bar asks for; one page is rendered per kind. */
export type Route =
  | { kind: 'home' }
  | { kind: 'doc'; name: string }
  | { kind: 'badDoc'; name: string; reason: string }
  | { kind: 'demo' }
  | { kind: 'notFound'; path: string }

/**
 * The route for a URL path as the browser reports it (percent-encoded). `/d/<name>` takes
 * everything after `/d/` as the document name, `/` included, percent-decoded and checked with
 * `validateDocName`.
 */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { kind: 'home' }
  if (pathname === '/demo' || pathname === '/demo/') return { kind: 'demo' }
  if (pathname.startsWith('/d/')) {
    const raw = pathname.slice(3)
    let name: string
    try {
      name = decodeURIComponent(raw)
    } catch {
      return { kind: 'badDoc', name: raw, reason: 'document name is not valid percent-encoding' }
    }
    const reason = validateDocName(name)
    return reason === null ? { kind: 'doc', name } : { kind: 'badDoc', name, reason }
  }
  return { kind: 'notFound', path: pathname }
}

/** Encodes each `/`-separated segment of a document name, keeping the slashes. */
export function encodeDocName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/')
}

/** The app path of the editor for document `name`. */
export function docPath(name: string): string {
  return `/d/${encodeDocName(name)}`
}
