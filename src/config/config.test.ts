import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../core/index.js";
import { DEFAULT_POLICY, loadConfig } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "warden-config-"));
function load(yaml: string, env: Record<string, string> = {}) {
  const f = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(f, yaml);
  return { f, r: loadConfig(f, env) };
}

describe("warden.yaml", () => {
  it("defaults to the embedded store and the bundled finance policy", () => {
    const r = loadConfig(null, {});
    expect(r.ok && r.config).toMatchObject({ port: 8787, host: "127.0.0.1", dataDir: ".warden", policyFile: DEFAULT_POLICY, demo: true, durability: "group" });
  });

  it("reports unknown keys and bad tool adapters with their location", () => {
    const { f, r } = load("port: 80\nprot: 1\ntools:\n  x: { http: { method: YEET, url: 'https://a.example/' } }\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.diagnostics.map(formatDiagnostic);
    expect(lines).toContain(`${f}:2:1: CONFIG_INVALID unknown key \`prot\``);
    expect(lines.some((l) => l.startsWith(`${f}:4:`) && l.includes("CONFIG_INVALID"))).toBe(true);
  });

  it("substitutes ${env:NAME} and refuses a missing variable", () => {
    expect(load("telemetry: { otlp: { endpoint: '${env:OTLP}' } }\n", { OTLP: "http://127.0.0.1:4318/v1/traces" }).r).toMatchObject({ ok: true, config: { otlp: { endpoint: "http://127.0.0.1:4318/v1/traces" } } });
    const missing = load("telemetry: { otlp: { endpoint: '${env:NOPE}' } }\n").r;
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.diagnostics[0]?.message).toMatch(/NOPE/);
  });

  it("lets the environment override the file (WARDEN_PORT, WARDEN_DATA, WARDEN_POLICY)", () => {
    const { r } = load("port: 9000\n", { WARDEN_PORT: "9100", WARDEN_DATA: "/tmp/w", WARDEN_POLICY: "/tmp/p.yaml" });
    expect(r.ok && r.config).toMatchObject({ port: 9100, dataDir: "/tmp/w", policyFile: "/tmp/p.yaml" });
  });
});
