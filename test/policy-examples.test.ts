// The examples' *.test.yaml cases run here too, exactly as `warden policy test` runs them.
import { describe, expect, it } from "vitest";
import { findTestFiles, runTestFile } from "../src/policy-test/index.js";

describe("example policy tests", () => {
  for (const file of findTestFiles("examples")) {
    describe(file, () => {
      for (const r of runTestFile(file)) {
        it(r.name, () => expect(r.failure ?? "pass").toBe("pass"));
      }
    });
  }
});
