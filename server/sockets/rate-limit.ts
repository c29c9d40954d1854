/**
 * Token buckets: a stuck key or a prankster at a kiosk cannot drain a queue's
 * daily numbers, a script cannot fill the disk or the printer. Time comes from
 * the hall clock, so tests can drive it; buckets live in memory (a restart
 * refills them — harmless).
 */
export interface Rate {
  perMinute: number;
  burst: number;
}

/** One bucket (per socket, kept on the socket's own guard and gone with it). */
export class TokenBucket {
  private tokens: number;
  private at = 0;

  constructor(private readonly rate: Rate) {
    this.tokens = rate.burst;
  }

  /** Seconds until one token is available (0 = now). Does not take it. */
  waitFor(now: number): number {
    const tokens = this.refill(now);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 60) / this.rate.perMinute);
  }

  take(now: number): void {
    this.tokens = this.refill(now) - 1;
    this.at = now;
  }

  /** Take a token if there is one: 0, else the seconds to wait. */
  admit(now: number): number {
    const wait = this.waitFor(now);
    if (wait === 0) this.take(now);
    return wait;
  }

  /** Whether the bucket is back to its burst (nothing to remember). */
  full(now: number): boolean {
    return this.refill(now) >= this.rate.burst;
  }

  private refill(now: number): number {
    const elapsed = Math.max(0, now - this.at);
    return Math.min(this.rate.burst, this.tokens + (elapsed * this.rate.perMinute) / 60_000);
  }
}

/** Buckets by key (device, session, address). Full buckets are forgotten when there are many, so the map stays bounded by the keys active in the last minutes. */
export class TokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly rate: Rate;

  constructor(
    perMinute: number,
    burst: number,
    private readonly maxKeys = 10_000,
  ) {
    this.rate = { perMinute, burst };
  }

  /** Seconds until one token is available for `key` (0 = now). Does not take it. */
  waitFor(key: string, now: number): number {
    return this.buckets.get(key)?.waitFor(now) ?? 0;
  }

  take(key: string, now: number): void {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.prune(now, this.maxKeys >> 1);
      bucket = new TokenBucket(this.rate);
      this.buckets.set(key, bucket);
    }
    bucket.take(now);
  }

  /** Take a token if there is one: 0, else the seconds to wait. */
  admit(key: string, now: number): number {
    const wait = this.waitFor(key, now);
    if (wait === 0) this.take(key, now);
    return wait;
  }

  /**
   * Keys are addresses for public HTTP routes, so there can be many: once there
   * are more than `max`, forget those whose bucket is full again (forgetting a
   * full bucket changes nothing: a new one starts full), then, if still too
   * many, the longest known (memory stays bounded whatever the addresses).
   * `take` prunes by itself at `maxKeys`.
   */
  prune(now: number, max: number): void {
    if (this.buckets.size <= max) return;
    for (const [key, bucket] of this.buckets) if (bucket.full(now)) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= max) break;
      this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
