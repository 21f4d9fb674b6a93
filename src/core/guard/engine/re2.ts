// Linear-time matching for patterns that come from policy. RE2 has no backtracking, so a pattern such as
// `(a+)+$` costs O(n) on any input; constructs that need backtracking (backreferences, lookaround) are
// rejected when the policy compiles, never at request time.
import RE2 from "re2";
import { WardenError } from "../../errors/index.js";

export interface LinearPattern {
  readonly source: string;
  /** Every non-overlapping match as [start, end) UTF-16 offsets. */
  spans(text: string): Array<[number, number]>;
}

const MAX_PATTERN_LENGTH = 4096;

/** Compile a policy-supplied pattern. Throws GUARD_BAD_PATTERN with the engine's reason. */
export function compileLinear(
  source: string,
  opts: { caseInsensitive?: boolean; where?: string } = {},
): LinearPattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new WardenError(
      "GUARD_BAD_PATTERN",
      `${opts.where ?? "pattern"}: longer than ${MAX_PATTERN_LENGTH} characters`,
    );
  }
  let re: RegExp;
  try {
    re = new RE2(source, opts.caseInsensitive ? "giu" : "gu");
  } catch (e) {
    throw new WardenError(
      "GUARD_BAD_PATTERN",
      `${opts.where ?? "pattern"}: ${(e as Error).message} (patterns use RE2 syntax: no backreferences or lookaround)`,
      { cause: e },
    );
  }
  return {
    source,
    spans(text: string) {
      const out: Array<[number, number]> = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const end = m.index + m[0].length;
        out.push([m.index, end]);
        // An empty match would not advance lastIndex; step past it.
        if (m[0].length === 0) re.lastIndex = end + 1;
      }
      return out;
    },
  };
}

/** A set of linear patterns answered in one pass: which of them match anywhere in the text. */
export interface LinearSet {
  matching(text: string): number[];
}

export function compileLinearSet(sources: readonly string[], caseInsensitive = false): LinearSet {
  if (sources.length === 0) return { matching: () => [] };
  const set = new RE2.Set(sources, caseInsensitive ? "iu" : "u");
  return { matching: (text) => set.match(text) };
}
