import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, sleep } from "./backoff.js";

describe("backoff", () => {
  it("full jitter stays within [0, min(max_delay, base·2^n)] (property)", () => {
    fc.assert(
      fc.property(fc.nat(20), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 60000 }), (n, r, base, max) => {
        const d = backoffDelay({ max: 10, base_ms: base, max_delay_ms: max }, n, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(max, base * 2 ** n));
      }),
    );
  });
  it("reads Retry-After as seconds or a date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
  it("sleep ends early on abort", async () => {
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
  });
});
