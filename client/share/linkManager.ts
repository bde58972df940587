import '../styles/access.css'
import type { Role } from '../../shared/access.ts'
import { createLink, listLinks, revokeLink, type ShareLink } from '../access/accessApi.ts'
import { h } from '../ui/h.ts'
import { copyText } from './copyText.ts'

const expiries: Array<[string, string]> = [
  ['', 'No expiry'],
  ['1h', '1 hour'],
  ['1d', '1 day'],
  ['7d', '7 days'],
  ['30d', '30 days'],
]

const roleWords: Record<Role, string> = { owner: 'Owner', edit: 'Can edit', view: 'Can view' }
const roleNouns: Record<Role, string> = { owner: 'Owner', edit: 'Edit', view: 'View' }

/** The owner's part of the Share menu: the live edit and view links, each to copy or revoke, and a form for a new one. */
export interface LinkManager {
  element: HTMLElement
  /** Loads the live links again (when the menu opens). */
  refresh(): Promise<void>
}

/**
 * Lists the live edit and view links of `docName` with copy and revoke buttons, and makes new ones
 * with a role and an optional expiry, all through the API with `ownerToken` (null in open mode).
 */
export function linkManager(docName: string, ownerToken: string | null): LinkManager {
  const list = h('ul', { class: 'share-links', 'data-testid': 'share-links' })
  const status = h('p', { class: 'menu-note', role: 'status', 'data-testid': 'share-status' })
  const say = (text: string, tone: 'good' | 'error' = 'good') => {
    status.textContent = text
    status.dataset.tone = tone
  }
  const role = h('select', { class: 'input input-small', 'aria-label': 'What the new link allows', 'data-testid': 'new-link-role' },
    h('option', { value: 'edit' }, 'Can edit'),
    h('option', { value: 'view' }, 'Can view'),
  )
  const expiry = h('select', { class: 'input input-small', 'aria-label': 'When the new link expires', title: 'When the new link stops working', 'data-testid': 'new-link-expiry' },
    ...expiries.map(([value, words]) => h('option', { value }, words)),
  )

  const row = (link: ShareLink) => {
    const url = h('input', { class: 'input input-small share-url', readonly: true, value: link.url, 'aria-label': `${roleWords[link.role]} link`, 'data-testid': 'share-url' })
    url.addEventListener('focus', () => url.select())
    return h('li', { class: 'share-link', 'data-testid': 'share-link', 'data-role': link.role, 'data-id': link.id },
      h('div', { class: 'share-link-head' },
        h('span', { class: `share-role share-role-${link.role}` }, roleWords[link.role]),
        h('span', { class: 'share-meta' }, describeExpiry(link.expiresAt)),
      ),
      h('div', { class: 'share-link-body' },
        url,
        h('button', { class: 'button button-small', type: 'button', 'data-testid': 'copy-share-link', onclick: async () => say((await copyText(link.url)) ? `${roleNouns[link.role]} link copied` : 'Copy failed: select the link instead', 'good') }, 'Copy'),
        h('button', { class: 'button button-small button-danger', type: 'button', 'data-testid': 'revoke-link', title: 'Revoke: the link stops working at once, for everyone who has it', onclick: () => void revoke(link) }, 'Revoke'),
      ),
    )
  }

  const refresh = async () => {
    try {
      const links = (await listLinks(docName, ownerToken)).filter((link) => link.role !== 'owner')
      list.replaceChildren(...(links.length ? links.map(row) : [h('li', { class: 'share-empty' }, 'No live links. Make one below.')]))
    } catch (error) {
      say(`Could not load the links: ${(error as Error).message}`, 'error')
    }
  }
  const revoke = async (link: ShareLink) => {
    try {
      await revokeLink(docName, ownerToken, link.id)
      say(`${roleNouns[link.role]} link revoked: it no longer works`)
      await refresh()
    } catch (error) {
      say(`Could not revoke: ${(error as Error).message}`, 'error')
    }
  }
  const create = async (event: Event) => {
    event.preventDefault()
    try {
      const link = await createLink(docName, ownerToken, role.value as Role, expiry.value || null, null)
      await refresh()
      say((await copyText(link.url)) ? `New ${roleNouns[link.role].toLowerCase()} link made and copied` : 'New link made: copy it from the list')
    } catch (error) {
      say(`Could not make the link: ${(error as Error).message}`, 'error')
    }
  }

  const element = h('div', { class: 'link-manager' },
    list,
    h('form', { class: 'share-new', onsubmit: create },
      role,
      expiry,
      h('button', { class: 'button button-small button-primary', type: 'submit', 'data-testid': 'create-link' }, 'New link'),
    ),
    status,
  )
  return { element, refresh }
}

/** "Never expires", "Expires in 3 days", "Expired". */
export function describeExpiry(expiresAt: string | null, now = Date.now()): string {
  if (expiresAt === null) return 'Never expires'
  const left = Date.parse(expiresAt) - now
  if (left <= 0) return 'Expired'
  const hours = left / 3_600_000
  if (hours < 1) return `Expires in ${Math.max(1, Math.round(left / 60_000))} min`
  if (hours < 48) return `Expires in ${Math.round(hours)} h`
  return `Expires in ${Math.round(hours / 24)} days`
}
