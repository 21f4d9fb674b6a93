// Policy-supplied patterns (`use: pattern`). SECURITY: these come from policy authors, so they run on RE2
// (linear time, compiled once when the policy loads), behind one RE2.Set prefilter pass: a text that
// matches none of them costs one scan, whatever the number of patterns.
import type { Checkpoint, Finding, Scanner, Severity } from "../types.js";
import { compileLinear, compileLinearSet, type LinearPattern } from "../engine/re2.js";

export interface PatternSpec {
  type: string;
  regex: string;
  severity?: Severity;
  score?: number;
  case_insensitive?: boolean;
}

export interface PatternParams {
  patterns: PatternSpec[];
}

export const PATTERN_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["patterns"],
  properties: {
    patterns: {
      type: "array",
      minItems: 1,
      maxItems: 256,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["type", "regex"],
        properties: {
          type: { type: "string", pattern: "^[a-z][a-z0-9_]{0,63}$" },
          regex: { type: "string", minLength: 1, maxLength: 4096 },
          severity: { enum: ["low", "medium", "high", "critical"] },
          score: { type: "number", minimum: 0, maximum: 1 },
          case_insensitive: { type: "boolean" },
        },
      },
    },
  },
} as const;

export function createPatternScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: PatternParams,
): Scanner {
  const compiled: Array<{ spec: PatternSpec; re: LinearPattern }> = params.patterns.map((spec, i) => ({
    spec,
    re: compileLinear(spec.regex, {
      caseInsensitive: spec.case_insensitive === true,
      where: `guard.scanners[${id}].params.patterns[${i}]`,
    }),
  }));
  const prefilter = compileLinearSet(
    params.patterns.map((p) => (p.case_insensitive ? `(?i:${p.regex})` : p.regex)),
  );
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const out: Finding[] = [];
      for (const i of prefilter.matching(text)) {
        const c = compiled[i];
        if (!c) continue;
        for (const [start, end] of c.re.spans(text))
          out.push({
            scanner: id,
            type: c.spec.type,
            start,
            end,
            score: c.spec.score ?? 0.9,
            severity: c.spec.severity ?? "high",
          });
      }
      return out.sort((a, b) => a.start - b.start);
    },
  };
}
