// The secrets scanner's prefilter: one pass over the text finds every provider literal (`AKIA`, `ghp_`,
// `-----BEGIN`, case-sensitive) and every key word of the keyed rules (`password`, `token`, `://`, `-u`,
// case-insensitive), and credits each occurrence to the rules that own it. It replaced five V8 regex passes
// (three literal tries, the separator-anchored literals and a case-insensitive word alternation), each of which
// cost a quick check at every position starting with one of its first characters.
//
// Two tries over char codes in flat typed arrays: a position whose character starts no literal or word costs
// two table reads. Every occurrence is reported, overlapping ones included, so each rule gets a superset of what
// the old passes gave it (they reported non-overlapping matches); rules run anchored attempts at their hits and
// give the same results as a whole-text scan either way (test/guard-prefilter.test.ts).

const A = 128; // ASCII only: every literal and key word is ASCII

class Trie {
  /** node * A + char -> child node (0: none); node 0 is unused, 1 is the root. */
  next = new Int32Array(2 * A);
  /** node -> rules credited when a literal/word ends there. */
  ends: Array<number[] | undefined> = [undefined, undefined];
  private count = 2;

  add(s: string, rules: readonly number[], fold: boolean): void {
    let v = 1;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= A) throw new Error(`non-ASCII prefilter literal: ${s}`);
      if (fold && c >= 65 && c <= 90) c += 32;
      let w = this.next[v * A + c] as number;
      if (w === 0) {
        w = this.count++;
        if (w * A + A > this.next.length) {
          const grown = new Int32Array(this.next.length * 2);
          grown.set(this.next);
          this.next = grown;
        }
        this.next[v * A + c] = w;
        this.ends[w] = undefined;
      }
      v = w;
    }
    const e = (this.ends[v] ??= []);
    for (const r of rules) if (!e.includes(r)) e.push(r);
  }
}

export class SecretsPrefilter {
  private readonly lit = new Trie();
  private readonly word = new Trie();
  private readonly nRules: number;
  /**
   * First two characters -> 1 if a literal can start with them, 2 if a word can (as typed, both cases for
   * words); the second character is 0 for a position followed by a non-ASCII character or the end. Most
   * positions stop at this one read.
   */
  private readonly bigram = new Uint8Array(A * A);

  /**
   * `literals`: literal -> rule indexes (case-sensitive); `words`: lower-case word -> rule indexes (matched
   * case-insensitively). Rule indexes are < nRules.
   */
  constructor(
    nRules: number,
    literals: ReadonlyMap<string, readonly number[]>,
    words: ReadonlyMap<string, readonly number[]>,
  ) {
    this.nRules = nRules;
    for (const [l, rules] of literals) {
      this.lit.add(l, rules, false);
      this.mark(l, 1, false);
    }
    for (const [w, rules] of words) {
      this.word.add(w.toLowerCase(), rules, true);
      this.mark(w.toLowerCase(), 2, true);
    }
  }

  private mark(s: string, bit: number, fold: boolean): void {
    const cases = (ch: number): number[] => (fold && ch >= 97 && ch <= 122 ? [ch, ch - 32] : [ch]);
    const c0 = s.charCodeAt(0);
    if (s.length === 1) {
      for (const a of cases(c0)) for (let d = 0; d < A; d++) this.bigram[a * A + d]! |= bit;
      return;
    }
    const c1 = s.charCodeAt(1);
    for (const a of cases(c0)) for (const b of cases(c1)) this.bigram[a * A + b]! |= bit;
  }

  /**
   * Start offsets of the occurrences credited to each rule, ascending (an offset may repeat); undefined for a
   * rule without any. Words are looked for only when `words` is true.
   */
  scan(text: string, words: boolean): Array<number[] | undefined> {
    const hits = new Array<number[] | undefined>(this.nRules);
    const ln = this.lit.next;
    const le = this.lit.ends;
    const wn = this.word.next;
    const we = this.word.ends;
    const n = text.length;
    const bg = this.bigram;
    let c = n > 0 ? text.charCodeAt(0) : 0;
    for (let i = 0; i < n; i++) {
      const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      const cc = c;
      c = d;
      if (cc >= A) continue;
      const b = bg[cc * A + (d < A ? d : 0)] as number;
      if (b === 0) continue;
      if ((b & 1) !== 0) {
        let v = ln[A + cc] as number;
        let e = le[v];
        if (e !== undefined) for (const r of e) (hits[r] ??= []).push(i);
        let j = i + 1;
        while (j < n) {
          const x = text.charCodeAt(j++);
          if (x >= A) break;
          v = ln[v * A + x] as number;
          if (v === 0) break;
          e = le[v];
          if (e !== undefined) for (const r of e) (hits[r] ??= []).push(i);
        }
      }
      if (words && (b & 2) !== 0) {
        let w = wn[A + (cc >= 65 && cc <= 90 ? cc + 32 : cc)] as number;
        let j = i + 1;
        while (w !== 0) {
          const e = we[w];
          if (e !== undefined) for (const r of e) (hits[r] ??= []).push(i);
          if (j >= n) break;
          let x = text.charCodeAt(j++);
          if (x >= A) break;
          if (x >= 65 && x <= 90) x += 32;
          w = wn[w * A + x] as number;
        }
      }
    }
    return hits;
  }
}
