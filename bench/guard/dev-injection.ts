// Tuning aid (issue 8): injection TPR per BIPIA category on the TRAIN side only (train categories planted
// into train emails) and FPR on train-side negatives. The held-out categories are never read here.
//   node --import tsx bench/guard/dev-injection.ts [--data ../shared/data] [--misses N]
import { DEFAULT_DATA_DIR } from "../../src/cli/commands/eval/data.js";
import { buildCorpus, plantAll } from "../../src/cli/commands/eval/corpus.js";
import { createInjectionScanner } from "../../src/core/guard/injection/scanner.js";

const args = process.argv.slice(2);
const data = args.includes("--data") ? (args[args.indexOf("--data") + 1] as string) : DEFAULT_DATA_DIR;
const showMisses = args.includes("--misses") ? Number(args[args.indexOf("--misses") + 1]) : 0;
const c = buildCorpus(data);
const s = createInjectionScanner("i", ["post_tool"]);
const flagged = (t: string): boolean =>
  s.scan(t, { checkpoint: "post_tool" }).some((f) => f.type !== "hidden_content");
const byCat = new Map<string, [number, number]>();
const missed = new Map<string, string>();
for (const d of plantAll(c.trainAttacks, c.trainEmails.slice(0, 10))) {
  const k = `${d.family}:${d.category}`;
  const r = byCat.get(k) ?? [0, 0];
  r[1]++;
  if (flagged(d.text)) r[0]++;
  else {
    const [a, b] = d.attack ?? [0, 0];
    const attack = d.text.slice(a, b);
    if (!missed.has(k + attack)) missed.set(k + attack, `${k}: ${attack}`);
  }
  byCat.set(k, r);
}
let tk = 0;
let tn = 0;
for (const [k, [a, n]] of [...byCat].sort()) {
  tk += a;
  tn += n;
  console.log(`${(a / n).toFixed(2)} ${k} (${a}/${n})`);
}
console.log(`train-side TPR ${(tk / tn).toFixed(3)} (${tk}/${tn})`);
const negs = [...c.trainEmails, ...c.trainPresidio, ...c.codeNegatives, ...c.requestNegatives];
const fp = negs.filter(flagged).length;
console.log(`train-side FPR ${(fp / negs.length).toFixed(4)} (${fp}/${negs.length})`);
[...missed.values()].slice(0, showMisses).forEach((m) => console.log("MISS", m.slice(0, 220)));
