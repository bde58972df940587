/**
 * A short fingerprint of `text` (32-bit FNV-1a over its UTF-16 code units, as 8 hex digits):
 * equal texts always show the same fingerprint, so a glance tells whether replicas agree.
 * Not for security.
 */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}
