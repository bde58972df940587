/** A connection's allowed rates: sustained messages and bytes per second, and their bursts. */
export interface RateLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
}

/**
 * Limits one connection's messages and bytes per second, each as a token bucket that allows its
 * rate on average and bursts of up to its burst. A relay keeps one per peer, so each bucket is one
 * number (the generic cell rate algorithm's form of a token bucket): the time at which it will be
 * full again, counted from the connection's start so that a byte's share of a millisecond is not
 * lost to rounding. The limits are shared by every connection; time comes from `now`
 * (milliseconds), so tests need no sleeping.
 */
export class ConnectionRate {
  private readonly start: number
  private messagesFullAt = 0
  private bytesFullAt = 0

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {
    this.start = now()
  }

  /** Takes one message of `bytes` bytes if both buckets allow it, and says whether it did. */
  take(bytes: number): boolean {
    const now = this.now() - this.start
    const messages = fill(this.messagesFullAt, now, 1, this.limits.messagesPerSecond, this.limits.messageBurst)
    const data = fill(this.bytesFullAt, now, bytes, this.limits.bytesPerSecond, this.limits.byteBurst)
    if (messages === null || data === null) return false
    this.messagesFullAt = messages
    this.bytesFullAt = data
    return true
  }
}

/**
 * When a bucket that is full at `fullAt` will be full again once `amount` is taken from it at
 * `now`, or null when it holds less than `amount` (it refills at `perSecond`, up to `burst`).
 */
function fill(fullAt: number, now: number, amount: number, perSecond: number, burst: number): number | null {
  const next = Math.max(fullAt, now) + (amount * 1000) / perSecond
  return next - now > (burst * 1000) / perSecond ? null : next
}
