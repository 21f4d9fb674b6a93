// Usage: node --import tsx scripts/train-injection/run.ts [--data ../shared/data] [--out src/core/guard/injection/weights.ts]
import { writeFileSync } from "node:fs";
import { trainFromData, renderWeights } from "./train.js";
import { DEFAULT_DATA_DIR } from "../../src/cli/commands/eval/data.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const data = flag("--data") ?? DEFAULT_DATA_DIR;
const out = flag("--out") ?? "src/core/guard/injection/weights.ts";
const run = trainFromData(data);
writeFileSync(out, renderWeights(run.model));
process.stderr.write(
  `wrote ${out}: threshold ${run.validation.threshold}, inner validation FPR ${run.validation.fpr.toFixed(4)} (n=${run.validation.negatives}), TPR ${run.validation.tpr.toFixed(4)} (n=${run.validation.positives})\n`,
);
