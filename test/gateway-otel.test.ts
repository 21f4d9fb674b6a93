// Traces leave over OTLP/HTTP when configured: a span per governed call, with the decision and the tool
// execution as children, received by a collector stand-in on loopback.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSession, startHarness, type Harness } from "./gateway-harness.js";

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
}

let collector: Server;
const bodies: string[] = [];
let h: Harness;

beforeAll(async () => {
  collector = await new Promise<Server>((resolve) => {
    const s = createServer((req, res) => {
      let b = "";
      req.on("data", (c: Buffer) => (b += c.toString("utf8")));
      req.on("end", () => {
        bodies.push(b);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
  const port = (collector.address() as AddressInfo).port;
  h = await startHarness({ yaml: `telemetry: { otlp: { endpoint: "http://127.0.0.1:${port}/v1/traces" } }\n` });
});
afterAll(async () => {
  await h.close();
  collector.close();
});

describe("OpenTelemetry export", () => {
  it("exports warden.tool_call with warden.decide and warden.execute_tool as its children", async () => {
    const key = await h.agentKey();
    const sid = await newSession(h, key, "balance_check");
    expect((await h.req("POST", `/v1/sessions/${sid}/calls`, { key, body: { tool: "read_account", args: { account: "3847" } } })).status).toBe(200);
    await h.gw.runtime.tracing.shutdown(); // flushes the batch processor
    const spans: OtlpSpan[] = bodies.flatMap((b) => (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)));
    const root = spans.find((s) => s.name === "warden.tool_call");
    expect(root).toBeDefined();
    const children = spans.filter((s) => s.parentSpanId === root?.spanId).map((s) => s.name).sort();
    expect(children).toEqual(["warden.decide", "warden.execute_tool"]);
    const attrs = Object.fromEntries((root?.attributes ?? []).map((a) => [a.key, a.value.stringValue]));
    expect(attrs).toMatchObject({ "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "read_account", "warden.verdict": "allow" });
  });
});
