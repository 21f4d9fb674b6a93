// `warden approvals …` against a running gateway over real HTTP: --url/--token and the env variables,
// human output and --json, refusals on stderr with exit 1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { approvalsHarness, clock, receiver } from "./approvals-helpers.js";

describe("warden approvals (CLI)", () => {
  let h: Harness;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let key: string;
  let alice: string;
  let sarah: string;

  async function warden(args: string[], env: Record<string, string> = {}) {
    let out = "";
    let err = "";
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), env, cwd: process.cwd(), exitCode: 0 };
    const code = await main(args, io);
    return { code, out, err };
  }

  beforeAll(async () => {
    hook = await receiver();
    h = await approvalsHarness(hook.url, clock());
    key = await h.agentKey();
    alice = await h.token("approver", "alice");
    sarah = await h.token("approver", "sarah");
  });
  afterAll(async () => {
    await h.close();
    await hook.close();
  });

  const hold = async (amount: number) => {
    const sid = await newSession(h, key, "transfer", `pay ${amount} to 9921 from 5521`);
    const r = await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "transfer_funds", args: { from: "5521", to: "9921", amount }, reasoning: "invoice #4471 is due today" } });
    return r.body["approval_id"] as string;
  };

  it("lists, shows, approves (runs) and denies", async () => {
    const a = await hold(2400);
    const b = await hold(1300);
    const list = await warden(["approvals", "list", "--url", h.url, "--token", alice]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(a);
    expect(list.out).toContain("finance-agent wants to call transfer_funds");
    const show = await warden(["approvals", "show", a], { WARDEN_URL: h.url, WARDEN_TOKEN: alice });
    expect(show.code).toBe(0);
    expect(show.out).toContain("large-transfer");
    expect(show.out).toContain("invoice #4471");
    expect(show.out).toMatch(/amount\s+\/amount = 2400/);
    const json = await warden(["approvals", "show", a, "--json", "--url", h.url, "--token", alice]);
    expect(JSON.parse(json.out)).toMatchObject({ id: a, status: "pending", risk: "high" });
    const self = await warden(["approvals", "approve", a, "--url", h.url, "--token", sarah]);
    expect(self.code).toBe(1);
    expect(self.err).toContain("APPROVAL_SELF");
    const ok = await warden(["approvals", "approve", a, "--comment", "checked", "--url", h.url, "--token", alice]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("approved; ran: executed (HTTP 200)");
    const deny = await warden(["approvals", "deny", b, "--reason", "duplicate", "--url", h.url, "--token", alice]);
    expect(deny.code).toBe(0);
    expect((await h.req("GET", `/v1/approvals/${b}/wait?timeout=1s`, { key })).body).toMatchObject({ status: "denied", reason: "duplicate" });
  });

  it("asks to explain", async () => {
    const id = await hold(1100);
    const r = await warden(["approvals", "explain", id, "--question", "Which invoice?", "--url", h.url, "--token", alice]);
    expect(r.code).toBe(0);
    expect((await h.req("GET", `/v1/approvals/${id}/wait?timeout=1s`, { key })).body).toMatchObject({ explain: { question: "Which invoice?" } });
  });

  it("needs a token, and says so", async () => {
    const r = await warden(["approvals", "list", "--url", h.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("WARDEN_TOKEN");
  });
});
