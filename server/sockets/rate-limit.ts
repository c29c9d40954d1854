/**
 * Token buckets per device: a stuck key or a prankster at a kiosk cannot drain
 * a queue's daily numbers. Time comes from the hall clock, so tests can drive
 * it; buckets live in memory (a restart refills them — harmless).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** Seconds until one token is available for `key` (0 = now). Does not take it. */
  waitFor(key: string, now: number): number {
    const tokens = this.refill(key, now);
    if (tokens >= 1) return 0;
    return Math.ceil(((1 - tokens) * 60) / this.perMinute);
  }

  take(key: string, now: number): void {
    const tokens = this.refill(key, now);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
  }

  /**
   * Keys are addresses for public HTTP routes, so there can be many: once there
   * are more than `max`, forget those whose bucket is full again (forgetting a
   * full bucket changes nothing: a new one starts full), then, if still too
   * many, the longest known (memory stays bounded whatever the addresses).
   */
  prune(now: number, max: number): void {
    if (this.buckets.size <= max) return;
    for (const key of [...this.buckets.keys()]) if (this.refill(key, now) >= this.burst) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) break;
      this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.burst;
    const elapsed = Math.max(0, now - b.at);
    return Math.min(this.burst, b.tokens + (elapsed * this.perMinute) / 60_000);
  }
}
