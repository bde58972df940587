/**
 * A close reason that fits the WebSocket protocol's 123-byte limit: `reason` itself, or its first
 * 120 bytes (never splitting a character) followed by `...`.
 */
export function closeReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '...'
}
