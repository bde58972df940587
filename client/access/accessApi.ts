import type { AccessMode, Role } from '../../shared/access.ts'
import { readLocalJson, writeLocalJson } from '../storage/localJson.ts'
import { encodeDocName } from '../../shared/docName.ts'

/** A share link as the API lists it. */
export interface ShareLink {
  id: string
  role: Role
  label: string | null
  createdAt: string
  expiresAt: string | null
  url: string
  token: string
}

/** What `POST /api/docs` returns. */
export interface CreatedDoc {
  name: string
  links: { edit: string; view: string }
  tokens: { owner: string; edit: string; view: string }
}

const modeKey = 'mergepad.accessMode'

/** The API failed: its status (0 when the relay could not be reached) and its words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

async function request<T>(method: string, path: string, { token, body }: { token?: string | null; body?: unknown } = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      cache: 'no-store',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'Can’t reach the server.')
  }
  const parsed = (await response.json().catch(() => ({}))) as T & { error?: string }
  if (!response.ok) throw new ApiError(response.status, parsed.error ?? `The server answered ${response.status}.`)
  return parsed
}

/**
 * How the relay controls access, asked of the relay and remembered for when it cannot be reached;
 * null when it has never been reachable from this device.
 */
export async function accessMode(): Promise<AccessMode | null> {
  try {
    const { mode } = await request<{ mode: AccessMode }>('GET', '/api/access')
    writeLocalJson(modeKey, mode)
    return mode
  } catch {
    const known = readLocalJson<unknown>(modeKey, null)
    return known === 'open' || known === 'links' ? known : null
  }
}

/** Creates document `name` with this device as its owner. */
export function createDoc(name: string): Promise<CreatedDoc> {
  return request<CreatedDoc>('POST', '/api/docs', { body: { name } })
}

const linksPath = (name: string) => `/api/docs/${encodeDocName(name)}/links`

/** The live links of `name` (needs the owner's token). */
export async function listLinks(name: string, ownerToken: string | null): Promise<ShareLink[]> {
  return (await request<{ links: ShareLink[] }>('GET', linksPath(name), { token: ownerToken })).links
}

/** Makes a new link to `name` with `role`, expiring after `expiresIn` (like `"7d"`), or never. */
export function createLink(name: string, ownerToken: string | null, role: Role, expiresIn: string | null, label: string | null): Promise<ShareLink> {
  return request<ShareLink>('POST', linksPath(name), { token: ownerToken, body: { role, expiresIn, label } })
}

/** Revokes link `id` of `name`: its open connections close at once. */
export async function revokeLink(name: string, ownerToken: string | null, id: string): Promise<void> {
  await request('DELETE', `${linksPath(name)}/${encodeURIComponent(id)}`, { token: ownerToken })
}
