// Writes the published JSON Schemas to docs/schemas/. Run: npm run schemas (a test checks they are fresh).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { publishedSchemas } from "../src/schemas-published.js";

for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(join("docs/schemas", name), JSON.stringify(schema, null, 2) + "\n");
  process.stderr.write(`wrote docs/schemas/${name}\n`);
}
