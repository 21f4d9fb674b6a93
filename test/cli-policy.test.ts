// The policy CLI through the real launcher (./bin/warden runs the build in dist/, made by `npm test`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function warden(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/warden", ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "warden-cli-"));
const FIN = "examples/finance/policy.yaml";

describe("warden policy", () => {
  it("validate: exit 0 for a valid policy, with a summary on stderr", () => {
    const r = warden("policy", "validate", FIN);
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/ok \(6 tools/);
  });

  it("validate: exit 1 with every located error on stdout", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "version: 1\ntools:\n  t: { tier: nope }\ntasks:\n  k: [missing]\n");
    const r = warden("policy", "validate", bad);
    expect(r.code).toBe(1);
    expect(r.out.trim().split("\n")).toEqual([
      `${bad}:3:14: POLICY_INVALID_VALUE tools.t.tier must be one of "read_only", "write_limited", "write_broad", "code_exec", "destructive"`,
      `${bad}:5:7: POLICY_UNDECLARED_TOOL task \`k\` names undeclared tool \`missing\``,
    ]);
    const j = warden("policy", "validate", bad, "--json");
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, errors: [{ code: "POLICY_INVALID_VALUE", line: 3 }, { code: "POLICY_UNDECLARED_TOOL", line: 5 }] });
  });

  it("validate: an unreadable file is a located error, exit 1", () => {
    const r = warden("policy", "validate", join(dir, "absent.yaml"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/POLICY_FILE_UNREADABLE/);
  });

  it("test: runs the example cases; exit 1 when one fails", () => {
    const ok = warden("policy", "test", "examples/finance");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^\d+ passed, 0 failed$/m);
    const failing = join(dir, "f.test.yaml");
    writeFileSync(failing, `policy: ${join(process.cwd(), FIN)}\ncases:\n  - name: wrong on purpose\n    call: { agent: finance-agent, task: balance_check, tool: read_account, args: { account: "3847" } }\n    want: { verdict: deny }\n`);
    const r = warden("policy", "test", failing);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL .*wrong on purpose\n\s+want verdict deny, got allow/);
    expect(r.out).toMatch(/0 passed, 1 failed/);
  });

  it("test: a path with no test files is a usage error (exit 2)", () => {
    expect(warden("policy", "test", dir + "/nothing").code).toBe(2);
  });

  it("explain: prints the deciding rules; --json prints the decision", () => {
    const call = JSON.stringify({ agent: "finance-agent", task: "transfer", principal: "sarah", tool: "transfer_funds", args: { from: "3847", to: "9921", amount: 2400 } });
    const r = warden("policy", "explain", FIN, "--call", call);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/APPROVE/);
    expect(r.out).toMatch(/\* large-transfer \[approve\]/);
    const j = JSON.parse(warden("policy", "explain", FIN, "--call", call, "--json").out);
    expect(j).toMatchObject({ verdict: "approve", rule_ids: ["large-transfer", "warden.tier_floor"], approval: { approvers: 1, groups: ["finance"] } });
  });

  it("explain: a deny is an answer (exit 0); bad JSON is a usage error (exit 2)", () => {
    const deny = warden("policy", "explain", FIN, "--call", JSON.stringify({ agent: "finance-agent", task: "balance_check", tool: "transfer_funds", args: {} }));
    expect(deny.code).toBe(0);
    expect(deny.out).toMatch(/DENY/);
    const bad = warden("policy", "explain", FIN, "--call", "{nope");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/CLI_BAD_JSON/);
  });

  it("usage errors exit 2 and --help exits 0", () => {
    expect(warden("policy", "validate").code).toBe(2);
    expect(warden("policy", "frobnicate").code).toBe(2);
    const h = warden("policy", "explain", "--help");
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--call <json>/);
  });
});
