import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../src/core/errors/index.js";

describe("docs/errors.md", () => {
  const doc = readFileSync("docs/errors.md", "utf8");
  const headings = new Set([...doc.matchAll(/^## ([A-Z0-9_]+)\s*$/gm)].map((m) => m[1]));
  for (const code of Object.keys(ERROR_CODES)) {
    it(`documents ${code}`, () => expect(headings.has(code)).toBe(true));
  }
  it("documents no code that does not exist", () => {
    for (const h of headings) expect(Object.keys(ERROR_CODES)).toContain(h);
  });
});
