// Linear time on hostile input. No timing assertions (shared machines): a quadratic or exponential pattern
// would not finish these inputs within the test timeout, which fails the test.
import { describe, expect, it } from "vitest";
import { compileGuard, runCheckpoint } from "../src/core/guard/index.js";
import { PII_DETECTORS } from "../src/core/guard/pii/detectors.js";
import { KEYED_RULES, PROVIDER_RULES } from "../src/core/guard/secrets/rules.js";
import { HEURISTICS } from "../src/core/guard/injection/heuristics.js";

const N = 200_000;
const HOSTILE = [
  "a".repeat(N),
  "1".repeat(N),
  "1 ".repeat(N / 2),
  "a@".repeat(N / 2),
  "password=" + "x".repeat(N),
  ":".repeat(N) + "!",
  "ignore ".repeat(N / 7),
  "-----BEGIN PRIVATE KEY-----".repeat(2000),
  "aA1+".repeat(N / 4) + "!",
];

describe("ReDoS", () => {
  it("classic catastrophic patterns supplied in policy stay linear on RE2", () => {
    const set = compileGuard({
      scanners: [
        {
          id: "p",
          use: "pattern",
          params: {
            patterns: [
              { type: "a", regex: "(a+)+$" },
              { type: "b", regex: "(a|aa)*c" },
              { type: "c", regex: "(x+x+)+y" },
            ],
          },
        },
      ],
    });
    const r = runCheckpoint(set, "pre_request", "a".repeat(N) + "!" + "x".repeat(N));
    expect(r.findings).toEqual([]);
  });

  it.each(HOSTILE.map((h, i) => [i, h] as const))(
    "every built-in detector finishes on hostile input %i",
    (_i, text) => {
      for (const d of [...PII_DETECTORS, ...PROVIDER_RULES, ...KEYED_RULES]) {
        d.re.lastIndex = 0;
        let n = 0;
        while (d.re.exec(text) !== null && n++ < 1e6);
      }
      for (const h of HEURISTICS) {
        h.re.lastIndex = 0;
        let n = 0;
        while (h.re.exec(text) !== null && n++ < 1e6);
      }
      expect(runCheckpoint(compileGuard(), "post_tool", text).errors).toEqual([]);
    },
  );
});
