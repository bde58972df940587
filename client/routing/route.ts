import { docNameFromPath, encodeDocName } from '../../shared/docName.ts'

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
 * `validateDocName` (see `docNameFromPath`).
 */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { kind: 'home' }
  if (pathname === '/demo' || pathname === '/demo/') return { kind: 'demo' }
  if (pathname.startsWith('/d/')) {
    const doc = docNameFromPath(pathname.slice('/d'.length))
    return 'error' in doc ? { kind: 'badDoc', name: doc.given, reason: doc.error } : { kind: 'doc', name: doc.name }
  }
  return { kind: 'notFound', path: pathname }
}

/** The app path of the editor for document `name`. */
export function docPath(name: string): string {
  return `/d/${encodeDocName(name)}`
}
