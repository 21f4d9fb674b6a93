import { describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { fromHex, hexInto, toHex } from "./hasher.js";

describe("hexInto", () => {
  it("decodes a SHA-256 hex digest into the bytes at the given offset, like fromHex", () => {
    for (let k = 0; k < 50; k++) {
      const hex = createHash("sha256").update(randomBytes(k)).digest("hex");
      const out = new Uint8Array(96).fill(7);
      hexInto(out, 32, hex);
      expect(toHex(out.subarray(32, 64))).toBe(hex);
      expect(out.subarray(32, 64)).toEqual(fromHex(hex));
      expect(out.subarray(0, 32).every((b) => b === 7) && out.subarray(64).every((b) => b === 7)).toBe(true);
    }
  });
});
