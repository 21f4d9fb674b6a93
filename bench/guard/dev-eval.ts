// Tuning aid (issue 8): PII and secrets figures on the DEV halves only (the halves looked at while writing
// patterns), with the misses listed. Never point this at the test halves; `warden eval scanners` reports those.
//   node --import tsx bench/guard/dev-eval.ts [--data ../shared/data] [--misses]
import { DEFAULT_DATA_DIR, credsweeperFiles, presidioSentences } from "../../src/cli/commands/eval/data.js";
import { credSplit, presidioSplit } from "../../src/cli/commands/eval/corpus.js";
import { evalPii, PATTERN_ENTITIES } from "../../src/cli/commands/eval/pii-eval.js";
import { evalSecrets, isNegative, lineStartsOf, locateExpected } from "../../src/cli/commands/eval/secrets-eval.js";
import { createPiiScanner } from "../../src/core/guard/pii/scanner.js";
import { createSecretsScanner } from "../../src/core/guard/secrets/scanner.js";

const args = process.argv.slice(2);
const data = args.includes("--data") ? (args[args.indexOf("--data") + 1] as string) : DEFAULT_DATA_DIR;
const misses = args.includes("--misses");
const fmt = (p: { k: number; n: number }): string => `${(p.k / Math.max(1, p.n)).toFixed(3)} (${p.k}/${p.n})`;

const pdev = presidioSplit(presidioSentences(data)).dev;
const pr = evalPii(pdev);
for (const r of [...pr.rows, pr.all]) console.log(`pii ${r.type}: P ${fmt(r.precision)} R ${fmt(r.recall)}`);
const cdev = credSplit(credsweeperFiles(data)).dev;
const sr = evalSecrets(cdev);
console.log(`secrets recall ${fmt(sr.recall)} negFiles ${fmt(sr.negFiles)} negFindings ${sr.negFindings}`);
for (const r of sr.byRule) if (r.recall.k < r.recall.n) console.log(`  ${r.rule}: ${fmt(r.recall)}`);

if (misses) {
  const pii = createPiiScanner("pii", ["pre_request"]);
  for (const s of pdev) {
    const preds = pii.scan(s.text, { checkpoint: "pre_request" });
    for (const g of s.spans) {
      const t = PATTERN_ENTITIES[g.type];
      if (!t) continue;
      if (!preds.some((p) => p.type === t && p.start < g.end && g.start < p.end))
        console.log(
          `PII MISS ${t}: ${JSON.stringify(s.text.slice(g.start, g.end))} in ${JSON.stringify(s.text.slice(Math.max(0, g.start - 30), g.end + 10))}`,
        );
    }
    for (const p of preds)
      if (
        Object.values(PATTERN_ENTITIES).includes(p.type) &&
        !s.spans.some((g) => PATTERN_ENTITIES[g.type] === p.type && p.start < g.end && g.start < p.end)
      )
        console.log(`PII FP ${p.type}: ${JSON.stringify(s.text.slice(p.start, p.end))}`);
  }
  const sec = createSecretsScanner("secrets", ["post_tool"]);
  for (const f of cdev) {
    const found = sec.scan(f.text, { checkpoint: "post_tool" });
    const lines = f.text.split("\n");
    const lineStarts = lineStartsOf(f.text);
    for (const e of f.expected) {
      const at = locateExpected(f.text, lineStarts, e);
      const ok = at >= 0 && found.some((p) => p.start < at + e.value.length && at < p.end);
      if (!ok)
        console.log(
          `SEC MISS ${e.rule} ${f.path}: ${JSON.stringify((lines[e.line - 1] ?? "").slice(0, 160))}`,
        );
    }
    if (isNegative(f))
      for (const p of found)
        console.log(
          `SEC FP ${p.type} ${f.path}: ${JSON.stringify(f.text.slice(p.start, p.end).slice(0, 80))}`,
        );
  }
}
