// The secrets scanner's one-pass prefilter (issue 8 speed): every literal occurrence (case-sensitive) and every
// key word occurrence (case-insensitive) is credited to its rules, as indexOf over the text would find them.
import { describe, expect, it } from "vitest";
import { SecretsPrefilter } from "../src/core/guard/secrets/prefilter.js";

function occurrences(text: string, lit: string, fold: boolean): number[] {
  const t = fold ? text.toLowerCase() : text;
  const out: number[] = [];
  for (let i = t.indexOf(lit); i >= 0; i = t.indexOf(lit, i + 1)) out.push(i);
  return out;
}

describe("secrets prefilter", () => {
  const lits = [
    "AKIA",
    "AAAAAAAAAA",
    "AAAAAAAAAAAAAAAAAA",
    "|",
    "ghp_",
    "gh",
    "-----BEGIN",
    "sk-",
    "sk-ant-",
  ];
  const words = ["pas", "pssw", "pw", "pwd", "p/w", "key", "://", "-u", "x-"];
  const L = new Map(lits.map((l, i) => [l, [i]]));
  const W = new Map(words.map((w, i) => [w, [lits.length + i]]));
  const P = new SecretsPrefilter(lits.length + words.length, L, W);
  const alphabet = [
    "AKIA",
    "A",
    "AAAAAAAAAAAA",
    "|",
    "gh",
    "ghp_",
    "-----BEGIN",
    "sk-ant-",
    "Pas",
    "PSSW",
    "pWd",
    "P/W",
    "KeY",
    "://",
    "-U",
    "X-",
    " ",
    "\n",
    "é",
    "€",
    "x",
    "-",
    "_",
  ];
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  it("matches indexOf on generated text, overlapping occurrences included", () => {
    for (let round = 0; round < 200; round++) {
      let text = "";
      const len = rnd(60);
      for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
      const hits = P.scan(text, true);
      lits.forEach((l, i) => expect(hits[i] ?? []).toEqual(occurrences(text, l, false)));
      words.forEach((w, i) => expect(hits[lits.length + i] ?? []).toEqual(occurrences(text, w, true)));
      const noWords = P.scan(text, false);
      words.forEach((_w, i) => expect(noWords[lits.length + i]).toBeUndefined());
    }
  });
});
