// Content hidden from a human reader but read by the model: HTML comments, invisible styling, markdown
// comments, zero-width runs. Hiding is not an attack by itself, so these are low findings that raise the
// score only together with something that reads like an instruction.
import type { Finding } from "../types.js";
import { TriggerCache, matchGated, type Gate } from "../engine/detector.js";

// Each with a prefilter (../engine/detector.ts): a literal every match contains, and a reach covering the
// longest match. The zero-width run has no bounded length, so it is only pre-tested for one such character.
const HIDDEN: ReadonlyArray<{ re: RegExp; gate?: Gate; pretest?: RegExp }> = [
  { re: /<!--[\s\S]{0,20000}?-->/g, gate: { trigger: /<!--/g, reach: 20040 } },
  {
    re: /<(\w{1,10})[^>]{0,300}style\s{0,3}=\s{0,3}["'][^"']{0,300}(?:display\s{0,3}:\s{0,3}none|visibility\s{0,3}:\s{0,3}hidden|font-size\s{0,3}:\s{0,3}0|opacity\s{0,3}:\s{0,3}0)[^>]{0,300}>[\s\S]{0,5000}?<\/\1>/gi,
    // Every match holds `style=` (spaces allowed): a rarer trigger than the word, same reach from it.
    gate: { trigger: /style\s{0,3}=/gi, reach: 6000 },
  },
  { re: /^\[\/\/\]: # \([^\n]{0,2000}\)$/gm, gate: { trigger: /\[\/\/\]: # \(/g, reach: 2040 } },
  { re: /[\u200b-\u200f\u2060-\u2064\ufeff]{8,}/g, pretest: /[\u200b-\u200f\u2060-\u2064\ufeff]/ },
];

// Any of the gates' triggers (all literal but `style`, and the `i` flag changes nothing in a literal without
// letters): one search tells a text with none of them, the common case, from one worth gating.
const ANY_TRIGGER = /<!--|style\s{0,3}=|\[\/\/\]: # \(/i;

/**
 * Whether a text may hold a gate's trigger, read from its folded form (normalize.ts fold, with or without
 * unleet): a match of a trigger is ASCII (`/i` without `u` never matches a non-ASCII character to an ASCII
 * letter), so it sits in one ASCII stretch, which folds to its lower case; `<!--`, `[//]: # (` and `style`
 * (what `style\s{0,3}=` starts with) are then in the folded text as they are. Unleet only turns digits into
 * letters, and none of the three holds a digit. Plain substring searches, cheaper than the pattern.
 */
export function mayHoldTrigger(folded: string): boolean {
  return folded.includes("style") || folded.includes("<!--") || folded.includes("[//]: # (");
}

/**
 * `noInvisible`: the caller knows the text has no zero-width characters (fold saw and dropped none).
 * `folded`: the text's folded form, if the caller has it (see mayHoldTrigger).
 */
export function hiddenSpans(text: string, scanner: string, noInvisible = false, folded?: string): Finding[] {
  const out: Finding[] = [];
  const anyTrigger = (folded === undefined || mayHoldTrigger(folded)) && ANY_TRIGGER.test(text);
  const cache = new TriggerCache(text);
  for (const { re, gate, pretest } of HIDDEN) {
    if (gate !== undefined && !anyTrigger) continue;
    if (pretest !== undefined && (noInvisible || !pretest.test(text))) continue;
    matchGated(re, text, gate, cache, (m, offset) =>
      out.push({
        scanner,
        type: "hidden_content",
        start: m.index + offset,
        end: m.index + offset + m[0].length,
        score: 0.3,
        severity: "low",
      }),
    );
  }
  return out;
}
