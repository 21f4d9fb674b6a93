// Shared helpers for the audit tests: a temp data dir, sample calls and decisions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Call, Decision } from "../../src/core/types.js";
import type { IntentInput } from "../../src/audit/index.js";

export function tempDir(prefix = "warden-audit-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sampleCall(i: number, extra: Partial<Call> = {}): Call {
  return {
    agent: `agent-${i % 3}`,
    task: "transfer",
    principal: "sarah@financeapp.com",
    tool: i % 2 ? "transfer_funds" : "read_account",
    args: { from_account: "****3847", to_account: "****9921", amount: 2400 + i, currency: "USD", api_key: "sk-live-should-never-be-stored" },
    reasoning: `User requested payment of invoice #${4471 + i}`,
    ...extra,
  };
}

export function sampleDecision(i: number, extra: Partial<Decision> = {}): Decision {
  return {
    verdict: i % 5 === 0 ? "deny" : "allow",
    rule_ids: i % 5 === 0 ? ["large-transfer"] : [],
    reasons: [],
    obligations: {},
    risk: i % 7 === 0 ? "high" : "low",
    consumes: { tool_calls: 1, cost_usd: 0, meters: {} },
    ...extra,
  };
}

export function sampleIntent(i: number): IntentInput {
  return { call: sampleCall(i), decision: sampleDecision(i), session_id: `sess_${i % 4}`, tenant: "acme", policy_hash: "sha256:policy", correlation_id: `corr-${i}`, trace_id: `trace-${i}` };
}

/** A fixed clock that advances 1 ms per reading, so timestamps are deterministic and ordered. */
export function steppingClock(start = Date.parse("2026-03-18T14:22:07.000Z")): () => number {
  let t = start;
  return () => t++;
}
