import { createHash } from 'node:crypto'

/**
 * The texts the API handed out recently, by entity tag, so that a `PUT` carrying `If-Match` with
 * the tag of an earlier `GET` can merge its changes into what others wrote since. Holds at most
 * `maxEntries` texts and `maxChars` characters, forgetting the least recently used first. A tag
 * also names the stored entry its text was read at, so a relay that does not hold the text can
 * rebuild it from the document's history (see `ifMatchBase.ts`).
 */
export class ReadVersions {
  private readonly texts = new Map<string, { doc: string; text: string }>()
  private chars = 0

  constructor(
    private readonly maxEntries = 256,
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  /**
   * Remembers `text` as read from `doc` when the store held its entries through `seq`; returns its
   * entity tag (quoted, as HTTP wants it).
   */
  remember(doc: string, text: string, seq: number): string {
    const tag = etag(doc, text, seq)
    if (this.texts.has(tag)) this.texts.delete(tag)
    else this.chars += text.length
    this.texts.set(tag, { doc, text })
    for (const [oldest, old] of this.texts) {
      if (this.texts.size <= this.maxEntries && this.chars <= this.maxChars) break
      this.texts.delete(oldest)
      this.chars -= old.text.length
    }
    return tag
  }

  /** The text of `doc` that `tag` names, if still remembered. */
  get(doc: string, tag: string): string | undefined {
    const entry = this.texts.get(tag.trim())
    return entry?.doc === doc ? entry.text : undefined
  }
}

/**
 * The entity tag of `text`, read from `doc` as stored through entry `seq`: `"<seq>-<digest>"`, the
 * digest of the document's name and the text.
 */
export function etag(doc: string, text: string, seq: number): string {
  return `"${seq}-${createHash('sha256').update(doc).update('\0').update(text).digest('base64url').slice(0, 27)}"`
}

/** The stored entry an entity tag made by {@link etag} names; null for any other string. */
export function seqOfTag(tag: string): number | null {
  const match = /^"(0|[1-9]\d{0,14})-[\w-]{27}"$/.exec(tag.trim())
  return match ? Number(match[1]) : null
}
