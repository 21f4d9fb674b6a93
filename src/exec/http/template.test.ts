import { describe, expect, it } from "vitest";
import { originLength, render, tokenize } from "./template.js";

const secrets = new Map([["k", "a b&c"]]);

describe("templates", () => {
  it("renders args URL-encoded and credentials encoded in URLs, raw in headers", () => {
    const t = tokenize("https://x.example/u/{id}/q?key=${credential:k}&n={n}");
    expect(render(t, { tool: "t", args: { id: "a/b c", n: 3 }, secrets, encode: true })).toBe("https://x.example/u/a%2Fb%20c/q?key=a%20b%26c&n=3");
    expect(render(tokenize("Bearer ${credential:k}"), { tool: "t", args: {}, secrets, encode: false })).toBe("Bearer a b&c");
  });

  it("refuses a credential with a line break in a header", () => {
    expect(() => render(tokenize("Bearer ${credential:k}"), { tool: "t", args: {}, secrets: new Map([["k", "a\r\nX-Evil: 1"]]), encode: false })).toThrow(/line break/);
  });

  it("leaves text that is not a placeholder alone", () => {
    expect(render(tokenize("https://x.example/{}/{1x}/${env:Y}"), { tool: "t", args: {}, secrets, encode: true })).toBe("https://x.example/{}/{1x}/${env:Y}");
  });

  it("finds the origin part no placeholder may touch", () => {
    const u = "https://x.example:8443/a/{b}?c";
    expect(u.slice(0, originLength(u))).toBe("https://x.example:8443");
    expect("http://h?q".slice(0, originLength("http://h?q"))).toBe("http://h");
  });
});
