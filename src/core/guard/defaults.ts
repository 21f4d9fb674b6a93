// The scanner set used when a policy has no `guard:` section. Injection in a user request blocks; in tool
// output it labels the session untrusted (flow rules then stop the lethal trifecta) instead of failing the
// task; secrets are masked everywhere; PII labels the session sensitive and is masked in final output.
import type { Checkpoint } from "./types.js";
import type { ScannerConfig, ScannerKind } from "./config.js";

export const DEFAULT_GUARD_SCANNERS: readonly ScannerConfig[] = [
  {
    id: "injection-input",
    use: "injection",
    checkpoints: ["pre_request"],
    // A principal asking to send something somewhere, or to shape the answer, is their own intent; those
    // heuristics are for text from elsewhere (tool output).
    params: { skip_heuristics: ["exfiltration", "response_tamper"] },
    actions: { "*": "block" },
    labels: { "*": ["injection"] },
  },
  {
    id: "injection-tool-output",
    use: "injection",
    checkpoints: ["post_tool"],
    actions: { "*": "label", hidden_content: "label" },
    labels: { "*": ["untrusted", "injection"] },
  },
  {
    id: "secrets",
    use: "secrets",
    checkpoints: ["pre_request", "pre_tool", "post_tool", "post_output"],
    actions: { "*": "redact" },
    labels: { "*": ["sensitive", "secret"] },
  },
  {
    id: "pii",
    use: "pii",
    checkpoints: ["pre_request", "pre_tool", "post_tool", "post_output"],
    actions: { "*": { default: "label", post_output: "redact" } },
    labels: { "*": ["sensitive", "pii"] },
  },
  {
    id: "output",
    use: "output",
    checkpoints: ["post_output"],
    actions: {
      image_exfiltration: "block",
      external_url: "label",
      system_prompt_echo: "block",
      canary_echo: "block",
    },
    labels: { "*": ["exfiltration_attempt"], external_url: ["external_link"] },
  },
];

/** Checkpoints a kind runs at when its entry does not say. */
export const DEFAULT_CHECKPOINTS: Record<ScannerKind, Checkpoint[]> = {
  injection: ["pre_request", "post_tool"],
  pii: ["pre_request", "pre_tool", "post_tool", "post_output"],
  secrets: ["pre_request", "pre_tool", "post_tool", "post_output"],
  output: ["post_output"],
  pattern: ["pre_request", "pre_tool", "post_tool", "post_output"],
};

/** Action when neither the finding type nor "*" is configured. */
export const DEFAULT_ACTION: Record<ScannerKind, ScannerConfig["actions"]> = {
  injection: { "*": "block" },
  pii: { "*": "label" },
  secrets: { "*": "redact" },
  output: { "*": "block", external_url: "label" },
  pattern: { "*": "block" },
};

export const DEFAULT_LABELS: Record<ScannerKind, Record<string, string[]>> = {
  injection: { "*": ["untrusted", "injection"] },
  pii: { "*": ["sensitive", "pii"] },
  secrets: { "*": ["sensitive", "secret"] },
  output: { "*": ["exfiltration_attempt"] },
  pattern: { "*": [] },
};
