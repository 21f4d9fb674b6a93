// Shared by the approvals tests: a gateway with approval groups and webhooks, a controllable clock, and a
// local webhook receiver on 127.0.0.1.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { rowToRecord } from "../src/audit/index.js";
import type { AuditRecord } from "../src/core/audit/index.js";
import type { ApprovalService } from "../src/gateway/approvals/index.js";
import { startHarness, type Harness } from "./gateway-harness.js";

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: { text: string; warden: { kind: string; group: string; approval_id: string | null; context: Record<string, unknown>; links: Record<string, string> } };
}

export async function receiver(opts: { failFirst?: number; alwaysFail?: boolean } = {}): Promise<{ url: string; got: Received[]; hits: number; close: () => Promise<void> }> {
  const got: Received[] = [];
  const state = { hits: 0 };
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      state.hits++;
      if (opts.alwaysFail || state.hits <= (opts.failFirst ?? 0)) {
        res.writeHead(500).end("no");
        return;
      }
      got.push({ headers: req.headers, raw, body: JSON.parse(raw) as Received["body"] });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    get hits() {
      return state.hits;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const SECRET = "whsec_test_0123456789abcdef";

export function approvalsYaml(hookUrl: string, extra = ""): string {
  return `approvals:
  groups:
    finance: [alice, bob, sarah]
    treasury: [carol]
    oncall: [dave]
  webhooks:
    finance: { url: "${hookUrl}", secret: "${SECRET}" }
    oncall: { url: "${hookUrl}", secret: "${SECRET}" }
  escalation: { after: 0.5, group: oncall }
  decay: { after: 2 }
  notify: { retries: 2, backoff: 5ms }
${extra}`;
}

export interface Clock {
  now: () => number;
  advance: (ms: number) => void;
}

export function clock(start = Date.parse("2026-03-18T14:00:00Z")): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** `policyExtra` is appended to the finance example policy (e.g. a looser pending-approvals breaker). */
export async function approvalsHarness(hookUrl: string, c: Clock, extra = "", policyExtra?: string): Promise<Harness> {
  const policy = policyExtra ? readFileSync("examples/finance/policy.yaml", "utf8") + "\n" + policyExtra + "\n" : undefined;
  return startHarness({ yaml: approvalsYaml(hookUrl, extra), now: c.now, ...(policy ? { policy } : {}) });
}

export const svcOf = (h: Harness): ApprovalService => h.gw.runtime.approvals as ApprovalService;

/** People tokens for the configured groups (all approvers unless said otherwise). */
export async function people(h: Harness) {
  return {
    alice: await h.token("approver", "alice"),
    bob: await h.token("approver", "bob"),
    carol: await h.token("approver", "carol"),
    dave: await h.token("approver", "dave"),
    eve: await h.token("approver", "eve"),
    sarah: await h.token("approver", "sarah"),
    op: await h.token("operator", "olga"),
    auditor: await h.token("auditor", "audrey"),
    otherTenant: await h.token("approver", "alice", "othertenant"),
  };
}

/** Audit records matching a query (straight from the store). */
export async function auditOf(h: Harness, q: { kind?: string; session_id?: string }): Promise<AuditRecord[]> {
  return (await h.gw.audit.store.audit.query({ ...q, limit: 10_000 })).map(rowToRecord);
}

/** Approval events of one request, in order. */
export async function approvalEvents(h: Harness, id: string): Promise<AuditRecord[]> {
  return (await auditOf(h, { kind: "approval" })).filter((r) => (r.details as { approval_id?: string } | null)?.approval_id === id);
}
