import { describe, expect, it } from "vitest";
import { compilePolicy, formatDiagnostic } from "./index.js";

const base = `version: 1
tools:
  read_account: { tier: read_only }
  send_email: { tier: write_limited, sink: external }
tasks:
  report: [read_account, send_email]
roles:
  analyst: { tools: [read_account, send_email] }
agents:
  a1: { tenant: t1, roles: [analyst] }
`;

function errors(text: string) {
  const r = compilePolicy(text, { file: "p.yaml" });
  if (r.ok) throw new Error("expected the policy to be refused");
  return r.diagnostics.map(formatDiagnostic);
}

describe("compilePolicy", () => {
  it("compiles a valid policy into an immutable set", () => {
    const r = compilePolicy(base + `rules:\n  - id: ext\n    when: tool == "send_email" && !args.to.endsWith("@x.com")\n    then: approve\n`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.tools.get("send_email")?.rules.map((x) => x.id)).toEqual(["ext"]);
    expect(r.policy.tools.get("read_account")?.rules).toEqual([]);
    expect(r.policy.globalRules).toEqual([]);
    expect(Object.isFrozen(r.policy.rules)).toBe(true);
  });

  it("reports YAML syntax errors with their location", () => {
    expect(errors("version: 1\ntools: [\n")[0]).toMatch(/^p\.yaml:\d+:\d+: POLICY_YAML_SYNTAX /);
  });

  it("refuses duplicate YAML keys, which could hide a rule", () => {
    expect(errors("version: 1\ntools: {}\ntools: {}\n")[0]).toMatch(/POLICY_YAML_SYNTAX/);
  });

  it("refuses a document that is not a mapping", () => {
    expect(errors("- a\n- b\n")).toEqual(["p.yaml:1:1: POLICY_NOT_A_MAPPING the policy must be a mapping with `version: 1` and `tools`"]);
  });

  it("reports every problem at once, each at its file:line:col", () => {
    const text = `version: 1
tools:
  read_account: { tier: read_only, lables: [x] }
  send_email: { tier: write_limitd }
  fetch: { tier: read_only, timeout: 10 minutes }
tasks:
  report: [read_account, send_mail]
roles:
  analyst: { tools: read_account }
agents:
  a1: { tenant: t, roles: [admin] }
rules:
  - id: r1
    when: tool == "send_email" && !args.to.endswith("@x.com")
    then: approve
  - id: r1
    when: tool == && true
    then: deny
  - id: warden.x
    when: |
      tool == "a" &&
        agnt.zone == "x"
    then: { deny: "no" }
`;
    expect(errors(text)).toEqual([
      "p.yaml:3:36: POLICY_UNKNOWN_KEY unknown key `lables` in tools.read_account",
      'p.yaml:4:23: POLICY_INVALID_VALUE tools.send_email.tier must be one of "read_only", "write_limited", "write_broad", "code_exec", "destructive"',
      "p.yaml:5:38: POLICY_BAD_DURATION tools.fetch.timeout: `10 minutes` is not a duration like 30s, 15m or 2h",
      "p.yaml:7:26: POLICY_UNDECLARED_TOOL task `report` names undeclared tool `send_mail`",
      "p.yaml:9:21: POLICY_WRONG_TYPE roles.analyst.tools must be array",
      "p.yaml:11:28: POLICY_UNDECLARED_ROLE agent `a1` has undeclared role `admin`",
      "p.yaml:14:43: CEL_UNKNOWN_FUNCTION rules.0.when: unknown function `endswith`",
      "p.yaml:16:9: POLICY_DUPLICATE_ID id `r1` is already used by rules[0]",
      "p.yaml:17:16: CEL_SYNTAX rules.1.when: found = but expecting end of input",
      "p.yaml:19:9: POLICY_RESERVED_ID id `warden.x` uses the reserved `warden.` prefix",
      "p.yaml:22:9: CEL_UNKNOWN_IDENTIFIER rules.2.when: unknown variable `agnt` (available: tool, spec, args, agent, principal, session, context, provenance, time)",
    ]);
  });

  it("checks macro variables are in scope only inside their macro", () => {
    expect(compilePolicy(base + `rules:\n  - id: r\n    when: tool == "send_email" && args.to_list.all(x, x.endsWith("@x.com"))\n    then: allow\n`).ok).toBe(true);
    expect(errors(base + `rules:\n  - id: r\n    when: args.to_list.all(x, true) && x == 1\n    then: deny\n`)[0]).toMatch(/CEL_UNKNOWN_IDENTIFIER .*`x`/);
  });

  it("refuses the wrong version and a non-boolean constant condition", () => {
    expect(errors("version: 2\ntools: {}\n")[0]).toMatch(/^p\.yaml:1:10: POLICY_UNSUPPORTED_VERSION/);
    expect(errors(base + `rules:\n  - id: r\n    when: "42"\n    then: deny\n`)[0]).toMatch(/CEL_NOT_BOOLEAN/);
  });

  it("refuses invalid JSON Schemas for args", () => {
    expect(errors("version: 1\ntools:\n  t: { tier: read_only, args: { type: objekt } }\n")[0]).toMatch(/POLICY_BAD_SCHEMA/);
  });

  it("refuses bad rates and undeclared tools in rate limits", () => {
    const e = errors(base + "rate_limits:\n  send_email: ten per minute\n  nope: 1/min\n");
    expect(e.some((x) => x.includes("POLICY_BAD_RATE"))).toBe(true);
    expect(e.some((x) => x.includes("POLICY_UNDECLARED_TOOL") && x.includes("nope"))).toBe(true);
  });

  it("compiles the guard section with the policy and locates its errors at the key", () => {
    const e = errors(base + "guard:\n  scanners:\n    - { id: x, use: telepathy }\n");
    expect(e[0]).toMatch(/^p\.yaml:11:1: GUARD_INVALID_CONFIG guard: /);
    const ok = compilePolicy(base + "guard:\n  scanners:\n    - { id: pii, use: pii }\n");
    expect(ok.ok).toBe(true);
  });

  it("indexes rules by the tools their condition names, or keeps them global", () => {
    const r = compilePolicy(base + `rules:\n  - id: a\n    when: tool in ["read_account", "send_email"] && true\n    then: allow\n  - id: b\n    when: principal == "x"\n    then: deny\n  - id: c\n    tools: [send_email]\n    when: "true"\n    then: approve\n`);
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
    expect(r.policy.tools.get("read_account")?.rules.map((x) => x.id)).toEqual(["a"]);
    expect(r.policy.tools.get("send_email")?.rules.map((x) => x.id)).toEqual(["a", "c"]);
    expect(r.policy.globalRules.map((x) => x.id)).toEqual(["b"]);
  });
});
