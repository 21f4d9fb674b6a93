// The secrets scanner's literal prefilter: every occurrence of every provider literal (`AKIA`, `ghp_`,
// `-----BEGIN`, …) in a few V8 regex passes. V8 runs an alternation fast when it can skip through the text
// (Boyer-Moore lookahead over the first characters of every alternative), which works when the literals are
// long or start with rare characters, and slowly when one short literal with a common first letter sits in
// the same pattern: a short literal then costs every position starting with its letter. So the passes are
// grouped by what lets V8 skip:
//   - literals holding a separator (`_ - . : | ~ = / ! $`) are found from the separator with a lookbehind for
//     their prefix (the pass visits separator characters only);
//   - the others by length: 6+ characters (long windows skip well), 4–5, and 2–3 (few, kept apart so they do not
//     slow the others down).
// Each pass reports verified literal starts; per literal, ascending offsets. Overlapping occurrences of one
// literal inside a longer run (`AAAAAAAAAA…`) are reported as the pass finds them, non-overlapping; every rule
// using a literal tolerates that (its matches contain a reported occurrence: test/guard-prefilter.test.ts).

const SEPARATORS = "_-.:|~=/!$";

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** A trie-shaped alternation; an item that is a prefix of another ends the branch (the shorter is reported). */
function trie(lits: readonly string[]): string {
  if (lits.includes("")) return "";
  const by = new Map<string, string[]>();
  for (const l of lits) {
    const c = l[0] as string;
    const g = by.get(c);
    if (g) g.push(l.slice(1));
    else by.set(c, [l.slice(1)]);
  }
  const alts = [...by].map(([c, rest]) => esc(c) + trie(rest));
  return alts.length === 1 ? (alts[0] as string) : `(?:${alts.join("|")})`;
}

interface Pass {
  re: RegExp;
  /** matched text -> literals it can stand for, with the literal's start relative to the match index. */
  cands: Map<string, Array<{ lit: number; off: number }>>;
}

export class SecretLiteralAnchors {
  readonly literals: readonly string[];
  private readonly passes: Pass[] = [];

  constructor(literals: readonly string[]) {
    this.literals = [...new Set(literals)];
    const sep: Array<{ i: number; suffix: string }> = [];
    const groups: number[][] = [[], [], []];
    this.literals.forEach((l, i) => {
      let j = -1;
      for (let k = 0; k < l.length; k++)
        if (SEPARATORS.includes(l[k] as string)) {
          j = k;
          break;
        }
      if (j >= 0) sep.push({ i, suffix: l.slice(j) });
      else (groups[l.length >= 6 ? 0 : l.length >= 4 ? 1 : 2] as number[]).push(i);
    });
    if (sep.length > 0) {
      const bySuffix = new Map<string, number[]>();
      for (const { i, suffix } of sep) {
        const g = bySuffix.get(suffix);
        if (g) g.push(i);
        else bySuffix.set(suffix, [i]);
      }
      const alts = [...bySuffix]
        .sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1))
        .map(([suffix, is]) => {
          const prefixes = is.map((i) => esc(this.literals[i] as string));
          return `${esc(suffix)}(?<=${prefixes.length === 1 ? prefixes[0] : `(?:${prefixes.join("|")})`})`;
        });
      const cands = new Map<string, Array<{ lit: number; off: number }>>();
      for (const [suffix, is] of bySuffix)
        cands.set(
          suffix,
          is.map((i) => ({ lit: i, off: suffix.length - (this.literals[i] as string).length })),
        );
      this.passes.push({ re: new RegExp(alts.join("|"), "g"), cands });
    }
    for (const group of groups) {
      if (group.length === 0) continue;
      const lits = group.map((i) => this.literals[i] as string);
      const minimal = lits.filter((l) => !lits.some((o) => o !== l && l.startsWith(o)));
      const cands = new Map<string, Array<{ lit: number; off: number }>>();
      for (const m of minimal)
        cands.set(
          m,
          group.filter((i) => (this.literals[i] as string).startsWith(m)).map((i) => ({ lit: i, off: 0 })),
        );
      this.passes.push({ re: new RegExp(trie(minimal), "g"), cands });
    }
  }

  /** Start offsets of each literal's occurrences (index into `literals`), ascending; undefined when absent. */
  scan(text: string): Array<number[] | undefined> {
    const out = new Array<number[] | undefined>(this.literals.length);
    for (const p of this.passes) {
      const re = p.re;
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const cs = p.cands.get(m[0]);
        if (cs === undefined) continue;
        for (const c of cs) {
          const at = m.index + c.off;
          const lit = this.literals[c.lit] as string;
          if (at >= 0 && (lit.length === m[0].length && c.off === 0 ? true : text.startsWith(lit, at)))
            (out[c.lit] ??= []).push(at);
        }
      }
    }
    return out;
  }
}
