// An executed call's session write (labels, counters) lands before its outcome record, so the outcome's
// fsync makes it durable before the agent sees the output; and a failed session write still records the
// outcome and withholds the output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSession, startHarness, type Harness } from "./gateway-harness.js";
import { readSession } from "../src/gateway/pipeline/session-repo.js";

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await startHarness();
  key = await h.agentKey();
});
afterAll(async () => h.close());

const fetchPage = (sid: string) => h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "fetch_url", args: { url: "https://docs.financeapp.example/rates" } } });

describe("session write before the outcome record", () => {
  it("the stored session carries the call's labels when its outcome is appended", async () => {
    const sid = await newSession(h, key, "balance_check");
    const audit = h.gw.runtime.audit;
    const original = audit.appendOutcome.bind(audit);
    const seenAtOutcome: string[][] = [];
    audit.appendOutcome = async (...args: Parameters<typeof original>) => {
      const stored = await readSession(h.gw.runtime.store.sessions, sid);
      seenAtOutcome.push([...(stored?.session.labels ?? [])]);
      return original(...args);
    };
    try {
      const r = await fetchPage(sid);
      expect(r.status).toBe(200);
    } finally {
      audit.appendOutcome = original;
    }
    expect(seenAtOutcome).toHaveLength(1);
    expect(seenAtOutcome[0]).toContain("untrusted");
  });

  it("a failed session write still records the outcome, and the output is withheld", async () => {
    const sid = await newSession(h, key, "balance_check");
    const sessions = h.gw.runtime.store.sessions;
    const originalCas = sessions.compareAndSet.bind(sessions);
    const audit = h.gw.runtime.audit;
    const originalOutcome = audit.appendOutcome.bind(audit);
    const outcomes: unknown[] = [];
    sessions.compareAndSet = async () => {
      throw new Error("store went away");
    };
    audit.appendOutcome = async (...args: Parameters<typeof originalOutcome>) => {
      outcomes.push(args[1]);
      return originalOutcome(...args);
    };
    try {
      const r = await fetchPage(sid);
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(r.text).not.toContain("Ignore"); // no page content reaches the agent
      expect(r.body["result"]).toBeUndefined();
    } finally {
      sessions.compareAndSet = originalCas;
      audit.appendOutcome = originalOutcome;
    }
    expect(outcomes).toEqual([expect.objectContaining({ status: "ok" })]);
  });
});
