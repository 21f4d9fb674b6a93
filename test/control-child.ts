// A second Warden process for the two-process tests: the same gateway as the harness (control policy and
// test builtins) on a given data directory, listening on a free port. Prints {"url": …} once listening.
import { loadConfig } from "../src/config/index.js";
import { listen, startGateway } from "../src/gateway/index.js";
import { createLogger } from "../src/gateway/observability/index.js";
import { probe, testBuiltins } from "./control-helpers.js";

const [data, policy, config] = process.argv.slice(2) as [string, string, string];
const r = loadConfig(config, { ...process.env, WARDEN_DATA: data, WARDEN_POLICY: policy, WARDEN_PORT: "0" });
if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
const gw = await startGateway({ ...r.config, logLevel: "silent" }, { logger: createLogger("silent"), watchPolicy: false, sweepMs: 0, exec: { builtins: testBuiltins(probe()) as never } });
const l = await listen(gw, 0, "127.0.0.1");
process.stdout.write(JSON.stringify({ url: l.url }) + "\n");
process.on("SIGTERM", () => void l.close().then(() => gw.close()).then(() => process.exit(0)));
