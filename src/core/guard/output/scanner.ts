import type { Checkpoint, Finding, Scanner } from "../types.js";
import { exfilFindings } from "./exfil.js";
import { buildEchoIndex, canaryFindings, echoFindings } from "./echo.js";

export interface OutputParams {
  /** Hosts links and images may point to ("example.com" includes subdomains). */
  allow_hosts?: string[];
  /** Also report plain links to other hosts (default true; images are always checked). */
  flag_links?: boolean;
  /** Text whose repetition in output is a leak, typically the system prompt. */
  protected_text?: string[];
  /** Words per shingle when matching protected text (default 8). */
  shingle?: number;
  canaries?: string[];
}

export const OUTPUT_PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    allow_hosts: { type: "array", items: { type: "string", pattern: "^[A-Za-z0-9.-]{1,255}$" } },
    flag_links: { type: "boolean" },
    protected_text: { type: "array", items: { type: "string" } },
    shingle: { type: "integer", minimum: 3, maximum: 64 },
    canaries: { type: "array", items: { type: "string", minLength: 6 } },
  },
} as const;

export function createOutputScanner(
  id: string,
  checkpoints: readonly Checkpoint[],
  params: OutputParams = {},
): Scanner {
  const allow = (params.allow_hosts ?? []).map((h) => h.toLowerCase());
  const echo = buildEchoIndex(params.protected_text ?? [], params.shingle ?? 8);
  const canaries = params.canaries ?? [];
  const flagLinks = params.flag_links !== false;
  return {
    id,
    checkpoints,
    scan(text: string): Finding[] {
      return [
        ...exfilFindings(text, id, allow, flagLinks),
        ...echoFindings(text, id, echo),
        ...canaryFindings(text, id, canaries),
      ].sort((a, b) => a.start - b.start);
    },
  };
}
