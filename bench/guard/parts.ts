// Where the time goes (issue 8 speed work): each built-in scanner, and the injection layers, alone over the
// same 10 MB of mixed text as run.ts. Prints MB/s per part (best of 3, wall and CPU time) and, for the
// injection scanner, secrets and PII, CPU µs per 1 KB payload.
//   node --import tsx bench/guard/parts.ts [--data ../shared/data]
import { dataDirFromArgs, kbSlices, mixedText } from "./corpus.js";
import { createInjectionScanner } from "../../src/core/guard/injection/scanner.js";
import { createPiiScanner } from "../../src/core/guard/pii/scanner.js";
import { createSecretsScanner } from "../../src/core/guard/secrets/scanner.js";
import { createOutputScanner } from "../../src/core/guard/output/scanner.js";
import { fold } from "../../src/core/guard/injection/normalize.js";
import { scoreWindows } from "../../src/core/guard/injection/model.js";
import { shippedModel } from "../../src/core/guard/injection/shipped.js";
import { decodeRuns } from "../../src/core/guard/injection/decode.js";
import { cpuUsage } from "node:process";

const args = process.argv.slice(2);
const data = dataDirFromArgs(args);
const mixed = mixedText(data);
const model = shippedModel();
const folded = fold(mixed).text;
const cases: Array<[string, () => unknown]> = [
  [
    "injection (all layers)",
    () => createInjectionScanner("i", ["post_tool"]).scan(mixed, { checkpoint: "post_tool" }),
  ],
  ["  fold", () => fold(mixed)],
  ["  classifier windows", () => model && scoreWindows(model, folded)],
  [
    "  heuristics only",
    () =>
      createInjectionScanner("i", ["post_tool"], { classifier: false, decode: false }).scan(mixed, {
        checkpoint: "post_tool",
      }),
  ],
  ["  decode runs", () => decodeRuns(mixed)],
  ["secrets", () => createSecretsScanner("s", ["post_tool"]).scan(mixed, { checkpoint: "post_tool" })],
  ["pii", () => createPiiScanner("p", ["post_tool"]).scan(mixed, { checkpoint: "post_tool" })],
  ["output", () => createOutputScanner("o", ["post_output"]).scan(mixed, { checkpoint: "post_output" })],
];
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
// Per 1 KB: the same 2000 slices as run.ts, CPU time (a loaded machine inflates it less than wall time).
const kb = kbSlices(mixed);
const small: Record<string, (t: string) => unknown> = {
  "injection (all layers)": (t) => injection1k.scan(t, { checkpoint: "post_tool" }),
  secrets: (t) => secrets1k.scan(t, { checkpoint: "post_tool" }),
  pii: (t) => pii1k.scan(t, { checkpoint: "post_tool" }),
};
const injection1k = createInjectionScanner("i", ["post_tool"]);
const secrets1k = createSecretsScanner("s", ["post_tool"]);
const pii1k = createPiiScanner("p", ["post_tool"]);
for (const [name, f] of cases) {
  if (only && !name.includes(only)) continue;
  f();
  let best = Infinity;
  let bestCpu = Infinity;
  for (let r = 0; r < 3; r++) {
    const c0 = cpuUsage();
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
    const c = cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  let per = "";
  const g = small[name];
  if (g) {
    for (const p of kb) g(p);
    const c0 = cpuUsage();
    for (let r = 0; r < 3; r++) for (const p of kb) g(p);
    const c = cpuUsage(c0);
    per = `  ${((c.user + c.system) / (3 * kb.length)).toFixed(1).padStart(6)} µs CPU per 1 KB`;
  }
  console.log(
    `${name.padEnd(26)} ${(mixed.length / 1048576 / (best / 1000)).toFixed(1).padStart(7)} MB/s  ${best.toFixed(0)} ms` +
      `  ${(mixed.length / 1048576 / (bestCpu / 1000)).toFixed(1).padStart(7)} MB/s per CPU-second${per}`,
  );
}
