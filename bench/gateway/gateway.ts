// Child process: Warden as `warden serve` runs it (default logger on stderr, metrics on, group-commit audit
// in SQLite), with one HTTP upstream tool `echo` on loopback and a small policy. Prints
// {"url", "key"} on stdout once listening. IPC messages: {cmd: "profile-start"} and
// {cmd: "profile-stop", file} sample the CPU with the inspector (the data `node --cpu-prof` writes) and
// answer {profiled: file}; {cmd: "cpu"} answers {cpu_us} (process CPU time so far); SIGTERM closes the gateway (flush, final signed head) and exits.
//   node --import tsx bench/gateway/gateway.ts UPSTREAM_PORT DIR [group|strict]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "node:inspector/promises";
import { loadConfig } from "../../src/config/index.js";
import { listen, startGateway } from "../../src/gateway/index.js";

const [portArg, dir, durability = "group"] = process.argv.slice(2);
if (!portArg || !dir) throw new Error("usage: gateway.ts UPSTREAM_PORT DIR [group|strict]");

const POLICY = `version: 1
tools:
  echo:
    tier: read_only
    reads: [accounts]
    idempotent: true
    egress: ["127.0.0.1"]
    args:
      type: object
      additionalProperties: false
      required: [account]
      properties:
        account: { type: string, pattern: "^[0-9]{4,12}$" }
tasks:
  work: [echo]
roles:
  reader: { tools: [echo] }
agents:
  bench-agent: { tenant: t, roles: [reader] }
# A load test is a rate spike by definition: the breaker stays on (its bookkeeping is part of every call)
# with a floor no benchmark reaches, so it never pauses the agent.
breakers:
  rate_spike: { min_rate: 100000000 }
rules:
  - id: blocked-account
    description: one account may never be read (never matches in the benchmark)
    when: tool == "echo" && args.account == "0000"
    then: { deny: "account 0000 is closed" }
`;

const yaml = `demo: false
audit: { durability: ${durability} }
limits:
  concurrency: { global: 1024, per_agent: 1024 }
tools:
  echo: { http: { method: GET, url: "http://127.0.0.1:${portArg}/echo" }, allow_private: ["127.0.0.1/32"] }
`;
writeFileSync(join(dir, "warden.yaml"), yaml);
writeFileSync(join(dir, "policy.yaml"), POLICY);
const r = loadConfig(join(dir, "warden.yaml"), { WARDEN_DATA: join(dir, "data"), WARDEN_POLICY: join(dir, "policy.yaml"), WARDEN_PORT: "0" });
if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
const gw = await startGateway(r.config, { watchPolicy: false });
const key = (await gw.runtime.identities.createAgentKey("bench-agent")).token;
const l = await listen(gw, 0, "127.0.0.1");

let inspector: Session | null = null;
process.on("message", (m: { cmd: string; file?: string }) => {
  void (async () => {
    if (m.cmd === "profile-start") {
      inspector = new Session();
      inspector.connect();
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
      await inspector.post("Profiler.start");
      process.send?.({ profiling: true });
    } else if (m.cmd === "cpu") {
      // CPU time used by this process so far (µs, user + system): per-call cost without the noise of
      // sharing two cores with the load generator and the upstream.
      const u = process.cpuUsage();
      process.send?.({ cpu_us: u.user + u.system });
    } else if (m.cmd === "profile-stop" && inspector && m.file) {
      const { profile } = await inspector.post("Profiler.stop");
      inspector.disconnect();
      inspector = null;
      writeFileSync(m.file, JSON.stringify(profile));
      process.send?.({ profiled: m.file });
    }
  })();
});

process.once("SIGTERM", () => {
  void (async () => {
    await l.close();
    await gw.close();
    process.exit(0);
  })();
});
process.stdout.write(JSON.stringify({ url: l.url, key }) + "\n");
