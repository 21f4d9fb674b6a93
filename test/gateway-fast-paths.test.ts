// The gateway's per-call shortcuts keep their guarantees: body limits without Content-Length, the
// in-process session copy under changes made elsewhere (another replica, an operator), log censoring.
import { request } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSession, startHarness, type Harness } from "./gateway-harness.js";
import { openSqliteStore } from "../src/store/sqlite/index.js";
import { appendStep, createStoredSession, loadSession, readSession, updateSession } from "../src/gateway/pipeline/session-repo.js";
import { censor } from "../src/gateway/observability/logger.js";
import { createSession, observeStep, type Session } from "../src/core/index.js";

let h: Harness;
let key: string;
beforeAll(async () => {
  h = await startHarness();
  key = await h.agentKey();
});
afterAll(async () => h.close());

/** A POST with a chunked body (no Content-Length), so the limit must be enforced while reading. */
function chunked(path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(h.url + path);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe("body limit", () => {
  it("accepts a chunked body under the limit and refuses one over it", async () => {
    const sid = await newSession(h, key, "balance_check");
    const ok = await chunked(`/v1/sessions/${sid}/calls`, ['{"tool":"read_account",', '"args":{"account":"3847"}}']);
    expect(ok.status).toBe(200);
    const big = JSON.stringify({ tool: "read_account", args: { account: "x".repeat(2 * 1024 * 1024) } });
    const huge = await chunked(`/v1/sessions/${sid}/calls`, [big.slice(0, 1024 * 1024), big.slice(1024 * 1024)]);
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ error: { code: "REQUEST_TOO_LARGE" } });
  });

  it("puts the correlation id on answers, errors and unknown routes", async () => {
    const r = await h.req("GET", "/nowhere", { headers: { "x-correlation-id": "abc-123" } });
    expect(r.status).toBe(404);
    expect(r.headers.get("x-correlation-id")).toBe("abc-123");
    const sid = await newSession(h, key, "balance_check");
    const c = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } });
    expect(c.headers.get("x-correlation-id")).toBe(c.body["correlation_id"]);
  });
});

describe("session copy kept in process", () => {
  it("sees a change made through another connection (another replica) before reusing its copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "warden-sesscache-"));
    const a = openSqliteStore(dir);
    const b = openSqliteStore(dir);
    try {
      const s = createSession({ id: "ses_1", agent: "a", task: "t" }, 0);
      await createStoredSession(a.sessions, s);
      const add = (label: string) => (x: Session) => ({ ...x, labels: [...x.labels, label] });
      await updateSession(a.sessions, "ses_1", add("from-a"));
      // Replica b writes; replica a must not decide on (or write back) its older copy.
      await updateSession(b.sessions, "ses_1", add("from-b"));
      const seen = await loadSession(a.sessions, "ses_1");
      expect(seen?.session.labels).toEqual(["from-a", "from-b"]);
      await updateSession(a.sessions, "ses_1", add("again-a"), 8, seen ?? undefined);
      expect((await readSession(b.sessions, "ses_1"))?.session.labels).toEqual(["from-a", "from-b", "again-a"]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("catches a copy up with the steps another replica appended, reading only those", async () => {
    const dir = mkdtempSync(join(tmpdir(), "warden-sesscatch-"));
    const a = openSqliteStore(dir);
    const b = openSqliteStore(dir);
    const policy = h.gw.runtime.policies.policy;
    const step = (n: number) => (x: Session) =>
      observeStep(policy, x, { agent: "finance-agent", task: "balance_check", principal: null, tool: "read_account", args: { account: "3847" } }, { executed: true, verdict: "allow", at: n, output: { note: `seen-by-${n}` } });
    try {
      await createStoredSession(a.sessions, createSession({ id: "ses_2", agent: "finance-agent", task: "balance_check", request: "balance please" }, 0));
      for (let n = 1; n <= 3; n++) await appendStep(a.sessions, "ses_2", step(n));
      for (let n = 4; n <= 5; n++) await appendStep(b.sessions, "ses_2", step(n));
      await updateSession(b.sessions, "ses_2", (x) => ({ ...x, labels: ["from-b"] }));
      const reads: { fromItem?: number }[] = [];
      const get = a.sessions.get.bind(a.sessions);
      a.sessions.get = (id: string, opts?: { fromItem?: number }) => (reads.push(opts ?? {}), get(id, opts));
      const caught = await loadSession(a.sessions, "ses_2");
      expect(reads).toEqual([{ fromItem: 4 }]); // the request and a's three steps were held already
      expect(caught?.session).toStrictEqual((await readSession(b.sessions, "ses_2"))?.session);
      expect(caught?.session.history.map((x) => x.step)).toEqual([1, 2, 3, 4, 5]);
      expect(caught?.session.labels).toEqual(["from-b"]);
      // The caught-up copy writes on top of b's steps, losing none.
      await appendStep(a.sessions, "ses_2", step(6), 8, caught ?? undefined);
      expect((await readSession(b.sessions, "ses_2"))?.session.history.map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("keeps what a governed call decides on equal to what is stored", async () => {
    const sid = await newSession(h, key, "balance_check");
    for (let i = 0; i < 3; i++) expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } })).status).toBe(200);
    const stored = await readSession(h.gw.runtime.store.sessions, sid);
    const cached = await loadSession(h.gw.runtime.store.sessions, sid);
    // The copy is the value that was written, so it must equal what the stored head and items assemble to.
    expect(cached?.version).toBe(stored?.version);
    expect(cached?.session).toStrictEqual(stored?.session);
  });

  it("honours a session ended by an operator while its copy is cached", async () => {
    const sid = await newSession(h, key, "balance_check");
    expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } })).status).toBe(200);
    const cur = await h.gw.runtime.store.sessions.get(sid);
    await h.gw.runtime.store.sessions.compareAndSet(sid, cur?.version ?? 0, { ...(cur?.value.head as object), status: "ended" } as never);
    const r = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } });
    expect(r.status).toBe(403);
  });
});

describe("log censoring", () => {
  it("censors credential-like keys at any depth without touching the logged object", () => {
    const o = { a: 1, headers: { Authorization: "Bearer x" }, list: [{ token: "t" }], deep: { b: { c: { password: "p" } } } };
    const before = JSON.stringify(o);
    expect(censor(o)).toEqual({ a: 1, headers: { Authorization: "[REDACTED]" }, list: [{ token: "[REDACTED]" }], deep: { b: { c: { password: "[REDACTED]" } } } });
    expect(JSON.stringify(o)).toBe(before);
    const clean = { event: "tool.decide", rule_ids: ["r"] };
    expect(censor(clean)).toBe(clean);
  });
});
