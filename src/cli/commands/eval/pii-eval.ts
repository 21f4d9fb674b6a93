// PII on presidio-research: a predicted span matches a gold span when the types agree and the overlap is
// at least half of the longer of the two. Pattern entities are scored; NER entities are listed apart.
import { createPiiScanner } from "../../../core/guard/pii/scanner.js";
import { wilson, type Proportion } from "../../../core/guard/eval/wilson.js";
import type { PresidioSentence } from "./data.js";

export const PATTERN_ENTITIES: Record<string, string> = {
  CREDIT_CARD: "credit_card",
  IBAN_CODE: "iban",
  US_SSN: "us_ssn",
  EMAIL_ADDRESS: "email",
  PHONE_NUMBER: "phone",
  IP_ADDRESS: "ip_address",
};

export interface PiiRow {
  type: string;
  precision: Proportion;
  recall: Proportion;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const ov = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return ov > 0 && ov >= 0.5 * Math.max(a.end - a.start, b.end - b.start);
}

export function evalPii(sentences: readonly PresidioSentence[]): {
  rows: PiiRow[];
  all: PiiRow;
  sentences: number;
  nerSpans: Record<string, number>;
} {
  const scanner = createPiiScanner("pii", ["pre_request"]);
  const tp: Record<string, number> = {};
  const predN: Record<string, number> = {};
  const goldN: Record<string, number> = {};
  const found: Record<string, number> = {};
  const ner: Record<string, number> = {};
  for (const s of sentences) {
    const preds = scanner
      .scan(s.text, { checkpoint: "pre_request" })
      .filter((f) => Object.values(PATTERN_ENTITIES).includes(f.type));
    const gold = s.spans
      .filter((g) => PATTERN_ENTITIES[g.type])
      .map((g) => ({ ...g, type: PATTERN_ENTITIES[g.type] as string }));
    for (const g of s.spans) if (!PATTERN_ENTITIES[g.type]) ner[g.type] = (ner[g.type] ?? 0) + 1;
    for (const p of preds) {
      predN[p.type] = (predN[p.type] ?? 0) + 1;
      if (gold.some((g) => g.type === p.type && overlaps(g, p))) tp[p.type] = (tp[p.type] ?? 0) + 1;
    }
    for (const g of gold) {
      goldN[g.type] = (goldN[g.type] ?? 0) + 1;
      if (preds.some((p) => p.type === g.type && overlaps(g, p))) found[g.type] = (found[g.type] ?? 0) + 1;
    }
  }
  const rows = Object.values(PATTERN_ENTITIES).map((t) => ({
    type: t,
    precision: wilson(tp[t] ?? 0, predN[t] ?? 0),
    recall: wilson(found[t] ?? 0, goldN[t] ?? 0),
  }));
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  return {
    rows,
    all: {
      type: "all pattern entities",
      precision: wilson(sum(tp), sum(predN)),
      recall: wilson(sum(found), sum(goldN)),
    },
    sentences: sentences.length,
    nerSpans: ner,
  };
}
