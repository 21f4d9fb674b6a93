// warden kill / resume against a running gateway, and warden drill kill-switch (embedded and --url):
// the drill records itself in the audit log and /readyz shows its date.
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { CliIO } from "../src/cli/io.js";
import { newSession, type Harness } from "./gateway-harness.js";
import { code, controlHarness, probe } from "./control-helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function io(env: Record<string, string> = {}): CliIO & { out: string; err: string } {
  const o = { out: "", err: "", env, cwd: process.cwd(), exitCode: 0 } as CliIO & { out: string; err: string };
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}

describe("warden kill and resume", () => {
  it("halts and resumes an agent over the admin API, with env WARDEN_URL/WARDEN_TOKEN", async () => {
    h = await controlHarness(probe());
    const key = await h.agentKey("a1");
    const env = { WARDEN_URL: h.url, WARDEN_TOKEN: await h.token("operator", "oscar") };
    const k = io(env);
    expect(await main(["kill", "--emergency", "--agent", "a1", "--reason", "suspicious transfers"], k)).toBe(0);
    expect(k.out).toMatch(/emergency stop of agent a1: stopped/);
    expect(code(await h.req("POST", "/v1/sessions", { key, body: { task: "work" } }))).toBe("CONTROL_HALTED");
    const r = io(env);
    expect(await main(["resume", "--agent", "a1", "--reason", "reviewed, false alarm", "--json"], r)).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ resumed: ["halt:agent:a1"] });
    const sid = await newSession(h, key, "work");
    expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "fast", args: {} } })).status).toBe(200);
  });

  it("refuses bad usage and reports a refused token", async () => {
    h = await controlHarness(probe());
    expect(await main(["kill", "--graceful", "--emergency", "--all", "--reason", "x", "--url", h.url, "--token", "t"], io())).toBe(2);
    expect(await main(["kill", "--graceful", "--agent", "a", "--tenant", "t", "--reason", "x", "--url", h.url, "--token", "t"], io())).toBe(2);
    expect(await main(["kill", "--graceful", "--all", "--reason", "xyz"], io())).toBe(2);
    const auditor = io();
    expect(await main(["kill", "--graceful", "--all", "--reason", "xyz", "--url", h.url, "--token", await h.token("auditor")], auditor)).toBe(1);
    expect(auditor.err).toMatch(/AUTH_FORBIDDEN/);
  });
});

describe("warden drill kill-switch", () => {
  it("drills an embedded gateway on a data directory: both levels halt, nothing runs after, recorded and shown in /readyz", async () => {
    h = await controlHarness(probe());
    const before = (await h.req("GET", "/readyz")).body["checks"] as { last_drill: { due: boolean } };
    expect(before.last_drill.due).toBe(true);
    const out = io();
    // The embedded drill uses the harness's data directory: the record lands in its audit log.
    const code = await main(["drill", "kill-switch", "--data", h.gw.runtime.config.dataDir, "--workers", "8", "--json"], out);
    // The report and stderr ride along, so a failure says which level broke and how.
    expect({ code, err: out.err, out: code === 0 ? "" : out.out }).toEqual({ code: 0, err: "", out: "" });
    const report = JSON.parse(out.out) as { ok: boolean; levels: { level: string; violations: number; resumed: boolean; halt_measured: string; in_flight_at_trigger: number }[] };
    expect(report.ok).toBe(true);
    expect(report.levels.map((l) => l.level)).toEqual(["emergency", "graceful"]);
    for (const l of report.levels) expect(l).toMatchObject({ violations: 0, resumed: true, halt_measured: "at the tool" });
    const ready = await h.req("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect((ready.body["checks"] as { last_drill: Record<string, unknown> }).last_drill).toMatchObject({ kind: "kill-switch", ok: true, due: false, days_ago: 0 });
  });

  it("drills a running gateway with --url", async () => {
    h = await controlHarness(probe());
    const out = io();
    const code_ = await main(["drill", "kill-switch", "--url", h.url, "--token", await h.token("admin"), "--agent", "a2", "--task", "work", "--tool", "slow", "--args", "{}", "--workers", "4"], out);
    expect(out.err).toBe("");
    expect(code_).toBe(0);
    expect(out.out).toMatch(/PASSED/);
    expect(out.out).toMatch(/emergency .* 0 ran after the halt; resumed: yes/);
  });
});
