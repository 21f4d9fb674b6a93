// Usage: node --import tsx scripts/train-injection/run.ts [--data ../shared/data] [--out src/core/guard/injection/weights.ts]
//        [--target-fpr 0.02]  (the FPR the threshold is picked for on the inner validation negatives)
import { writeFileSync } from "node:fs";
import { trainFromData, renderWeights, TARGET_FPR } from "./train.js";
import { DEFAULT_TRAIN } from "../../src/core/guard/injection/train.js";
import { DEFAULT_DATA_DIR } from "../../src/cli/commands/eval/data.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag("--data") ?? DEFAULT_DATA_DIR;
const out = flag("--out") ?? "src/core/guard/injection/weights.ts";
const fpr = Number(flag("--target-fpr") ?? TARGET_FPR);
if (!(fpr > 0 && fpr < 1)) throw new Error(`--target-fpr must be a number between 0 and 1, got ${flag("--target-fpr")}`);
const run = trainFromData(data, DEFAULT_TRAIN, fpr);
writeFileSync(out, renderWeights(run.model));
process.stderr.write(
  `wrote ${out}: threshold ${run.validation.threshold}, inner validation FPR ${run.validation.fpr.toFixed(4)} (n=${run.validation.negatives}), TPR ${run.validation.tpr.toFixed(4)} (n=${run.validation.positives})\n`,
);
