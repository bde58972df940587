import { createHash } from 'node:crypto'

/**
 * The texts the API handed out recently, by entity tag, so that a `PUT` carrying `If-Match` with
 * the tag of an earlier `GET` can merge its changes into what others wrote since. Holds at most
 * `maxEntries` texts and `maxChars` characters, forgetting the least recently used first.
 */
export class ReadVersions {
  private readonly texts = new Map<string, { doc: string; text: string }>()
  private chars = 0

  constructor(
    private readonly maxEntries = 256,
    private readonly maxChars = 16 * 1024 * 1024,
  ) {}

  /** Remembers `text` as read from `doc`; returns its entity tag (quoted, as HTTP wants it). */
  remember(doc: string, text: string): string {
    const tag = etag(doc, text)
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

/** The entity tag of `text` in `doc`: a digest, so equal texts share it. */
export function etag(doc: string, text: string): string {
  return `"${createHash('sha256').update(doc).update('\0').update(text).digest('base64url').slice(0, 27)}"`
}
