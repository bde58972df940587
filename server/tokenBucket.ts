/**
 * A token bucket: allows `ratePerSecond` on average and bursts of up to `burst`. Time comes from
 * `now` (milliseconds), so tests need no sleeping. `take` refuses what the bucket cannot cover;
 * `charge` always takes and may leave the bucket in debt, which later refills pay off first. Every
 * method takes the current time as an optional last argument, for callers that already read it.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(ratePerSecond > 0) || !(burst > 0)) throw new RangeError(`A token bucket needs a positive rate and burst, got ${ratePerSecond}/s and ${burst}`)
    this.tokens = burst
    this.last = now()
  }

  /** Tokens in the bucket now; negative while in debt. */
  available(now = this.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
    this.last = now
    return this.tokens
  }

  /** Takes `amount` tokens if there are that many, and says whether it did. */
  take(amount = 1, now = this.now()): boolean {
    if (this.available(now) < amount) return false
    this.tokens -= amount
    return true
  }

  /** Takes `amount` tokens whatever the bucket holds, going into debt if need be. */
  charge(amount = 1, now = this.now()): void {
    this.available(now)
    this.tokens -= amount
  }

  /** Milliseconds until the bucket holds at least `level` tokens (0 if it already does). */
  msUntil(level: number): number {
    const missing = Math.min(level, this.burst) - this.available()
    return missing <= 0 ? 0 : (missing / this.ratePerSecond) * 1000
  }
}
