// Development aid (issue 8): category-held-out cross-validation on the TRAIN side only (see
// scripts/train-injection/train.ts crossValidate). Compare classifier options here, never on the reported split.
//   node --import tsx bench/guard/dev-injection-cv.ts [--data ../shared/data] [--fpr 0.01] [--set key=value ...]
import { DEFAULT_DATA_DIR } from "../../src/cli/commands/eval/data.js";
import { crossValidate, TARGET_FPR } from "../../scripts/train-injection/train.js";
import { DEFAULT_TRAIN, type TrainOptions } from "../../src/core/guard/injection/train.js";

const args = process.argv.slice(2);
const data = args.includes("--data") ? (args[args.indexOf("--data") + 1] as string) : DEFAULT_DATA_DIR;
const o: TrainOptions = { ...DEFAULT_TRAIN };
args.forEach((a, i) => {
  if (a !== "--set") return;
  const [k, v] = (args[i + 1] as string).split("=") as [keyof TrainOptions, string];
  (o as unknown as Record<string, number>)[k] = Number(v);
});
// The FPR each fold's threshold is picked for on that fold's negatives (the shipped model uses the same target).
const fpr = args.includes("--fpr") ? Number(args[args.indexOf("--fpr") + 1]) : TARGET_FPR;
const r = crossValidate(data, o, 3, fpr);
const f = (a: number, n: number): string => `${(a / Math.max(1, n)).toFixed(3)} (${a}/${n})`;
let tf = 0;
let tc = 0;
let tn = 0;
const fam = new Map<string, [number, number, number]>();
for (const [k, [a, b, n]] of [...r.byCategory].sort()) {
  console.log(`${k.padEnd(40)} full ${f(a, n)}  classifier ${f(b, n)}`);
  tf += a;
  tc += b;
  tn += n;
  const fk = k.split(":")[0] as string;
  const x = fam.get(fk) ?? [0, 0, 0];
  fam.set(fk, [x[0] + a, x[1] + b, x[2] + n]);
}
for (const [k, [a, b, n]] of fam)
  console.log(`family ${k.padEnd(33)} full ${f(a, n)}  classifier ${f(b, n)}`);
console.log(`ALL TPR full ${f(tf, tn)}  classifier ${f(tc, tn)}`);
console.log(
  `FPR negatives full ${f(r.negatives[0], r.negatives[2])}  classifier ${f(r.negatives[1], r.negatives[2])}`,
);
console.log(
  `FPR clean emails full ${f(r.emails[0], r.emails[2])}  classifier ${f(r.emails[1], r.emails[2])}`,
);
console.log(`thresholds ${r.thresholds.join(" ")}  options ${JSON.stringify(o)}`);
