import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sha256Node } from "./sha256-node.js";

const reference = (l: Uint8Array, r: Uint8Array): string => createHash("sha256").update(Buffer.from([1])).update(l).update(r).digest("hex");
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("sha256Node: SHA-256(0x01 ‖ left ‖ right) in JavaScript", () => {
  it("matches node:crypto on random children", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (l, r) => {
        expect(hex(sha256Node(l, r))).toBe(reference(l, r));
      }),
      { numRuns: 500 },
    );
  });

  it("matches for every value of the last byte (the precomputed second block) and for all-zero / all-one children", () => {
    const l = new Uint8Array(32).fill(0xab);
    for (let x = 0; x < 256; x++) {
      const r = new Uint8Array(32).fill(x);
      expect(hex(sha256Node(l, r))).toBe(reference(l, r));
    }
    for (const v of [0x00, 0xff]) {
      const z = new Uint8Array(32).fill(v);
      expect(hex(sha256Node(z, z))).toBe(reference(z, z));
    }
  });

  it("reads views at an offset and leaves its inputs alone", () => {
    const big = new Uint8Array(100).map((_, i) => (i * 37) & 0xff);
    const l = big.subarray(3, 35);
    const r = big.subarray(50, 82);
    const before = hex(big);
    expect(hex(sha256Node(l, r))).toBe(reference(l, r));
    expect(hex(big)).toBe(before);
    // Each result is its own array (callers keep them).
    expect(sha256Node(l, r)).not.toBe(sha256Node(l, r));
  });

  it("refuses children that are not 32 bytes", () => {
    expect(() => sha256Node(new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
  });
});
