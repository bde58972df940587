import { Limits } from './limits.ts'

/**
 * The one rule for document names, used by the relay (for the WebSocket path) and by the client
 * (for `/d/<name>` and the "open" box). A name is 1 to {@link Limits.maxDocNameLength} characters
 * of valid Unicode without control characters or backslashes; it may contain `/` to group
 * documents, but not an empty, `.` or `..` segment, so a name can never climb out of a folder
 * wherever it is used.
 *
 * Returns `null` when the name is valid, or the reason it is not.
 */
export function validateDocName(name: string): string | null {
  if (name.length === 0) return 'document name is empty'
  if (name.length > Limits.maxDocNameLength) {
    return `document name is ${name.length} characters long; the limit is ${Limits.maxDocNameLength}`
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'document name contains a control character'
  if (name.includes('\\')) return 'document name contains a backslash'
  // A lone surrogate (possible in a JSON body, never in a URL) has no UTF-8 form to store or link to.
  if (/\p{Cs}/u.test(name)) return 'document name is not valid Unicode (a lone surrogate)'
  for (const segment of name.split('/')) {
    if (segment === '') return 'document name has an empty path segment (leading, trailing or double "/")'
    if (segment === '.' || segment === '..') return `document name has a "${segment}" path segment`
  }
  return null
}

/**
 * The document name carried by a path such as `/my%20doc?x=1` (a WebSocket request, or the editor's
 * `/d/<name>` without its `/d`): the path without its leading `/` and query, percent-decoded.
 * Returns the name, or an `{ error }` when the path cannot be decoded or the name breaks
 * {@link validateDocName}; `given` is then what was asked for, decoded if it could be, for messages.
 */
export function docNameFromPath(path: string): { name: string } | { error: string; given: string } {
  const raw = path.split('?')[0].replace(/^\//, '')
  let name: string
  try {
    name = decodeURIComponent(raw)
  } catch {
    return { error: 'document name is not valid percent-encoding', given: raw }
  }
  const error = validateDocName(name)
  return error === null ? { name } : { error, given: name }
}

/**
 * `name` as a URL path: each `/`-separated segment percent-encoded, the slashes kept, so
 * `team/plan 2026` becomes `team/plan%202026`. {@link docNameFromPath} reads it back.
 */
export function encodeDocName(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/')
}
