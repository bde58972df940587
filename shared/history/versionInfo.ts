/** How a version came to be: made by the relay after a pause or a long stretch, named by someone, or left by a restore. */
export type VersionKind = 'auto' | 'named' | 'restore'

/**
 * One version as the API lists it (`GET /api/docs/<name>/versions`) and the history bundle
 * carries it. `id` is digits for versions people made, `a<seq>` for automatic ones; `authors` are
 * the people whose changes it holds since the version before it.
 */
export interface VersionInfo {
  id: string
  /** When it was made (automatic: when its last change was stored), ISO 8601. */
  at: string
  label?: string
  authors: string[]
  /** The document as stored through this log entry. */
  seq: number
  kind: VersionKind
  /** Who named it, or who restored. */
  by?: string
  /** For a restore: the version restored. */
  restoredFrom?: string
}

/** A version id that names the text after any one stored change: `c<seq>` (`c0`: when history began). */
export function changeVersionId(seq: number): string {
  return `c${seq}`
}

/** The id of the automatic version that ends with change `seq`. */
export function autoVersionId(seq: number): string {
  return `a${seq}`
}
