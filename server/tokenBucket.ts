/**
 * A token bucket: allows `ratePerSecond` on average and bursts of up to `burst`. Time comes from
 * `now` (milliseconds), so tests need no sleeping.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes `amount` tokens if there are that many, and says whether it did. */
  take(amount = 1): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
    if (this.tokens < amount) return false
    this.tokens -= amount
    return true
  }
}
