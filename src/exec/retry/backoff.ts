// Backoff between attempts: exponential with full jitter (AWS architecture blog, "Exponential Backoff
// And Jitter"), so many callers retrying after one outage spread out instead of stampeding together.

export interface RetryPolicy {
  /** Retries after the first attempt (0 = one attempt). */
  max: number;
  base_ms: number;
  max_delay_ms: number;
}

/** Delay before retry number `retry` (0-based): uniform in [0, min(max_delay, base·2^retry)]. */
export function backoffDelay(p: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(p.max_delay_ms, p.base_ms * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** Retry-After (seconds or an HTTP date) in ms, or undefined when absent or unreadable. */
export function parseRetryAfter(v: string | undefined, now: number): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^[0-9]+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sleep that an abort ends early (rejecting with the signal's reason). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
