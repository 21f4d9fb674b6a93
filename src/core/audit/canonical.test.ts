import { describe, expect, it } from "vitest";
import fc from "fast-check";
import canonicalizeModule from "canonicalize";
import { canonicalJson } from "./canonical.js";

type Canonicalize = (input: unknown) => string | undefined;
const reference: Canonicalize = typeof canonicalizeModule === "function" ? (canonicalizeModule as Canonicalize) : (canonicalizeModule as unknown as { default: Canonicalize }).default;

describe("canonicalJson (RFC 8785)", () => {
  it("agrees with the reference `canonicalize` package on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 1000 },
    );
  });

  it("orders keys right when objects share a cached key list, or only its first key, length or order", () => {
    const seen = [{ a: 1, b: 2, c: 3 }, { a: 1, c: 3, b: 2 }, { a: 1, d: 2, c: 3 }, { b: 2, a: 1, c: 3 }, { a: 1, b: 2, c: 3 }, { a: 1, b: 2 }];
    for (const o of seen) expect(canonicalJson(o)).toBe(reference(o));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 6 }), fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 3 }), (a, b) => {
        const both = { ...a, ...b };
        expect(canonicalJson(a)).toBe(reference(a));
        expect(canonicalJson(both)).toBe(reference(both));
        expect(canonicalJson({ x: [a, both, a] })).toBe(reference({ x: [a, both, a] }));
      }),
      { numRuns: 2000 },
    );
  });

  it("matches RFC 8785 examples: key order by UTF-16 code units, number formatting", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], "\u20ac": 0, "\r": 1, "1": 2 })).toBe('{"\\r":1,"1":2,"a":[true,null,"x"],"b":1,"€":0}');
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 333333333.3333333])).toBe("[1e+21,1e-7,0,0.30000000000000004,333333333.3333333]");
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it("refuses what JSON cannot represent", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ x: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ x: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
  });
});
