export const GUARD_CODES = {
  GUARD_INVALID_CONFIG: { summary: "The policy's `guard:` section does not match its schema (unknown scanner kind, bad action, wrong type)." },
  GUARD_BAD_PATTERN: { summary: "A pattern supplied in policy does not compile under RE2 (linear-time) syntax." },
  GUARD_DUPLICATE_SCANNER: { summary: "Two scanners in the `guard:` section share one id." },
  GUARD_SCANNER_FAILED: { summary: "A scanner threw while scanning; the checkpoint blocks unless that scanner is fail_open." },
  GUARD_BUDGET_EXCEEDED: { summary: "A scanner exceeded its time or input-size budget; the checkpoint blocks unless that scanner is fail_open." },
  GUARD_BAD_INPUT: { summary: "A record given to `warden scan --jsonl` is not a JSON object with a string `text`." },
} as const;
