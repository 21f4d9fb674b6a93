import type { Checkpoint, Finding, Scanner } from "../types.js";
import { resolveOverlaps, runDetectors } from "../engine/detector.js";
import { PII_DETECTORS, PII_PRIORITY, PII_TYPES } from "./detectors.js";

export interface PiiParams {
  /** Entity types to report; default all of PII_TYPES. */
  types?: string[];
  /** Findings below this confidence are dropped (a phone-like number without context scores 0.55). */
  min_score?: number;
}

export const PII_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    types: { type: "array", items: { enum: [...PII_TYPES] }, uniqueItems: true },
    min_score: { type: "number", minimum: 0, maximum: 1 },
  },
} as const;

export function createPiiScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: PiiParams = {},
): Scanner {
  const wanted = new Set(params.types ?? PII_TYPES);
  const detectors = PII_DETECTORS.filter((d) => wanted.has(d.type as (typeof PII_TYPES)[number]));
  const minScore = params.min_score ?? 0.6;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      const raw = runDetectors(id, detectors, text).filter((f) => f.score >= minScore);
      return resolveOverlaps(raw, PII_PRIORITY);
    },
  };
}
