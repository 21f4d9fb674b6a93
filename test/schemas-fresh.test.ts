import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { publishedSchemas } from "../src/schemas-published.js";

describe("published JSON Schemas", () => {
  for (const [name, schema] of Object.entries(publishedSchemas())) {
    it(`docs/schemas/${name} is up to date (npm run schemas)`, () => {
      expect(JSON.parse(readFileSync(`docs/schemas/${name}`, "utf8"))).toEqual(JSON.parse(JSON.stringify(schema)));
    });
  }
});
