// Lossless check for speed-only changes to the secrets and PII scanners (issue 8): a digest of every finding
// (type, span, score, severity) over the secrets DEV half and over the 10 MB mixed benchmark text, plus the
// same for 1 KB slices. Run before and after a change that must not alter results; the digests must agree.
// Prints hashes only (the mixed text contains fixtures of both halves; no finding is printed).
//   node --import tsx bench/guard/secrets-equivalence.ts [--data ../shared/data]
import { createHash } from "node:crypto";
import { credsweeperFiles } from "../../src/cli/commands/eval/data.js";
import { credSplit } from "../../src/cli/commands/eval/corpus.js";
import { createPiiScanner } from "../../src/core/guard/pii/scanner.js";
import { createSecretsScanner } from "../../src/core/guard/secrets/scanner.js";
import type { Finding } from "../../src/core/guard/types.js";
import { dataDirFromArgs, kbSlices, mixedText } from "./corpus.js";

const data = dataDirFromArgs(process.argv.slice(2));
const secrets = createSecretsScanner("s", ["post_tool"]);
const pii = createPiiScanner("p", ["post_tool"]);
const dev = credSplit(credsweeperFiles(data)).dev;
const mixed = mixedText(data);
const kb = kbSlices(mixed);

function digest(texts: readonly string[], scan: (t: string) => Finding[]): string {
  const h = createHash("sha256");
  for (const t of texts) {
    for (const f of scan(t)) h.update(`${f.type}|${f.start}|${f.end}|${f.score}|${f.severity};`);
    h.update("\n");
  }
  return h.digest("hex").slice(0, 16);
}
const s = (t: string): Finding[] => secrets.scan(t, { checkpoint: "post_tool" });
const p = (t: string): Finding[] => pii.scan(t, { checkpoint: "post_tool" });
console.log(`secrets dev-half   ${digest(dev.map((f) => f.text), s)}`);
console.log(`secrets mixed 10MB ${digest([mixed], s)}`);
console.log(`secrets 1KB slices ${digest(kb, s)}`);
console.log(`pii     dev-half   ${digest(dev.map((f) => f.text), p)}`);
console.log(`pii     mixed 10MB ${digest([mixed], p)}`);
console.log(`pii     1KB slices ${digest(kb, p)}`);
