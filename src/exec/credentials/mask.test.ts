import { describe, expect, it } from "vitest";
import { MASK, maskJson, maskText, secretNeedles } from "./mask.js";

describe("masking", () => {
  const needles = secretNeedles(["tok_123456"]);
  it("masks every occurrence and counts them", () => {
    expect(maskText("a tok_123456 b tok_123456", needles)).toEqual({ text: `a ${MASK} b ${MASK}`, count: 2 });
  });
  it("masks keys and values in JSON, keeping __proto__ a plain key", () => {
    const v = JSON.parse('{"tok_123456": ["x tok_123456"], "__proto__": {"polluted": "tok_123456"}}');
    const r = maskJson(v, needles);
    expect(r.count).toBe(3);
    expect(JSON.stringify(r.value)).not.toContain("tok_123456");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("covers base64 (HTTP Basic) and URL-encoded forms", () => {
    const n = secretNeedles(["p w"]);
    expect(maskText(`${Buffer.from("p w").toString("base64")} p%20w`, n).count).toBe(2);
  });
});
