import type { Anchor, AttributedEdit, Edit } from './script.ts'

/** A change by position: remove `deleteCount` characters at `index`, then insert `insert` there. */
export interface Splice {
  readonly index: number
  readonly deleteCount: number
  readonly insert: string
}

/**
 * Where `edit` applies in `text`. Anchors and deleted text are looked up as their first
 * occurrence; an edit whose text is not there is a mistake in the script and throws.
 */
export function resolveEdit(text: string, edit: Edit): Splice {
  switch (edit.kind) {
    case 'insert':
      return { index: anchorIndex(text, edit.at), deleteCount: 0, insert: edit.text }
    case 'delete':
      return { index: find(text, edit.text), deleteCount: edit.text.length, insert: '' }
    case 'replace':
      return { index: find(text, edit.text), deleteCount: edit.text.length, insert: edit.with }
    default:
      return edit satisfies never
  }
}

/** `text` with `edit` applied. */
export function applyEdit(text: string, edit: Edit): string {
  const { index, deleteCount, insert } = resolveEdit(text, edit)
  return text.slice(0, index) + insert + text.slice(index + deleteCount)
}

/** A short description of `edit` for lists and captions, e.g. `inserted “big ”`. */
export function describeEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'insert':
      return `inserted ${quote(edit.text)}`
    case 'delete':
      return `deleted ${quote(edit.text)}`
    case 'replace':
      return `changed ${quote(edit.text)} to ${quote(edit.with)}`
    default:
      return edit satisfies never
  }
}

/**
 * Whether the intent of `edit` is visible in `finalText`: inserted text is there, deleted text is
 * gone. Text that other edits of the scenario inserted is ignored when looking for deleted text,
 * since a concurrent insert inside a deleted sentence rightly survives the delete.
 */
export function editSurvives(edit: Edit, finalText: string, scenarioEdits: readonly AttributedEdit[]): boolean {
  const inserted = edit.kind === 'insert' ? edit.text : edit.kind === 'replace' ? edit.with : null
  if (inserted !== null && !finalText.includes(inserted)) return false
  if (edit.kind === 'insert') return true
  let rest = finalText
  for (const other of scenarioEdits) {
    const text = other.edit.kind === 'insert' ? other.edit.text : other.edit.kind === 'replace' ? other.edit.with : ''
    if (text) rest = rest.split(text).join('')
  }
  return !rest.includes(edit.text)
}

function anchorIndex(text: string, at: Anchor): number {
  if (at === 'start') return 0
  if (at === 'end') return text.length
  if ('after' in at) return find(text, at.after) + at.after.length
  return find(text, at.before)
}

function find(text: string, needle: string): number {
  const index = text.indexOf(needle)
  if (index < 0) throw new RangeError(`Text ${JSON.stringify(needle)} not found in ${JSON.stringify(text)}`)
  return index
}

function quote(text: string): string {
  const flat = text.replace(/\n/g, '⏎')
  return `“${flat.length > 40 ? `${flat.slice(0, 38)}…` : flat}”`
}
