// Learned baselines: an exponentially weighted moving average per key (agent + task type), so "normal"
// follows each agent's own behaviour. Floors keep a quiet agent from being paused by its first burst.

/** Calls per minute, folded into an EWMA at each minute boundary, plus a sliding count for the window. */
export class RateBaseline {
  private ewma: number | undefined;
  private minute = -1;
  private inMinute = 0;
  private readonly recent: number[] = [];

  constructor(private readonly alpha: number) {}

  /** Record a call at `now`; returns how many calls fell in the last `windowMs` (this one included). */
  record(now: number, windowMs: number): number {
    const m = Math.floor(now / 60_000);
    if (this.minute < 0) this.minute = m;
    if (m > this.minute) {
      this.fold(this.inMinute);
      // Minutes with no calls at all count as zero (at most an hour of them matters).
      for (let i = 1; i < Math.min(m - this.minute, 60); i++) this.fold(0);
      this.minute = m;
      this.inMinute = 0;
    }
    this.inMinute++;
    this.recent.push(now);
    while (this.recent.length > 0 && (this.recent[0] as number) <= now - windowMs) this.recent.shift();
    if (this.recent.length > 100_000) this.recent.splice(0, this.recent.length - 100_000);
    return this.recent.length;
  }

  /** Forget the current window (an operator reviewed the burst), keeping the learned baseline. */
  clearWindow(): void {
    this.recent.length = 0;
  }

  /** Calls per minute, or undefined before the first full minute. */
  get perMinute(): number | undefined {
    return this.ewma;
  }

  private fold(x: number): void {
    this.ewma = this.ewma === undefined ? x : this.alpha * x + (1 - this.alpha) * this.ewma;
  }
}

/** Output sizes: EWMA of bytes per call. */
export class SizeBaseline {
  private ewma: number | undefined;
  constructor(private readonly alpha: number) {}

  get value(): number | undefined {
    return this.ewma;
  }

  add(bytes: number): void {
    this.ewma = this.ewma === undefined ? bytes : this.alpha * bytes + (1 - this.alpha) * this.ewma;
  }
}
